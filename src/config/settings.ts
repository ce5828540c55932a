import { z } from 'zod';

/**
 * Every setting of the bridge, once: its environment variable, its key in the optional
 * config file, its schema, its default and what it means. The README table and `doctor`
 * are written from this list.
 */
export interface SettingSpec {
  env: string;
  key: string;
  schema: z.ZodType;
  default?: string;
  description: string;
  /** Secret values are never echoed back in an error message. */
  secret?: boolean;
}

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const databaseUrl = z.string().refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
  message: 'must be sqlite:<file path> (or sqlite::memory:) or postgres://user@host:port/database',
});

const positiveInt = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

const httpUrl = z
  .string()
  .refine((v) => /^https?:\/\/[^/\s]+/.test(v) && URL.canParse(v), {
    message: 'must be an http:// or https:// URL',
  })
  .transform((v) => v.replace(/\/+$/, ''));

const flag = z
  .preprocess(
    (v) => (typeof v === 'boolean' ? String(v) : v),
    z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' }),
  )
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const settings = [
  {
    env: 'PORT',
    key: 'port',
    schema: port,
    default: '3000',
    description: 'HTTP port of the API, webhooks and UI.',
  },
  {
    env: 'HOST',
    key: 'host',
    schema: z.string().min(1, 'must not be empty'),
    default: '127.0.0.1',
    description: 'Address to listen on; `0.0.0.0` to accept connections from other machines.',
  },
  {
    env: 'DATABASE_URL',
    key: 'databaseUrl',
    schema: databaseUrl,
    default: 'sqlite:./data/ghl-bridge.db',
    description: 'Embedded SQLite file (one machine) or `postgres://...` (several workers, pg-boss queue).',
  },
  {
    env: 'BRIDGE_SECRET',
    key: 'secret',
    schema: z.string().min(16, 'must be at least 16 characters long').optional(),
    description:
      'Key that encrypts tokens at rest (AES-256-GCM). Unset on SQLite: generated once into DATA_DIR/secret.key (mode 0600). Required with PostgreSQL.',
    secret: true,
  },
  {
    env: 'BRIDGE_ADMIN_TOKEN',
    key: 'adminToken',
    schema: z.string().min(16, 'must be at least 16 characters long').optional(),
    description:
      'Bearer token of the REST API under /api. Unset on SQLite: generated once into DATA_DIR/admin.token (mode 0600) and printed at that first start. Required with PostgreSQL.',
    secret: true,
  },
  {
    env: 'DATA_DIR',
    key: 'dataDir',
    schema: z.string().min(1, 'must not be empty'),
    default: './data',
    description: 'Folder for the generated secret key and other local files.',
  },
  {
    env: 'LOG_LEVEL',
    key: 'logLevel',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }),
    default: 'info',
    description: 'Log level of the JSON logs written to standard output.',
  },
  {
    env: 'BRIDGE_DEMO',
    key: 'demo',
    schema: z.enum(['auto', 'on', 'off'], { error: 'must be auto, on or off' }),
    default: 'auto',
    description:
      'Demo mode: `start` also runs the GHL, Gleap and Gleantap sandboxes (ports 4010-4012, data in DATA_DIR/sandbox), connects to them and switches the recipes on. `auto`: on while the database is SQLite and holds no GHL connection other than the demo one.',
  },
  {
    env: 'WORKER_CONCURRENCY',
    key: 'workerConcurrency',
    schema: positiveInt(1, 64),
    default: '4',
    description: 'Jobs each worker process runs at once.',
  },
  {
    env: 'QUEUE_LEASE_SECONDS',
    key: 'queueLeaseSeconds',
    schema: positiveInt(1, 3600),
    default: '60',
    description: 'How long a job stays claimed without a heartbeat before another worker may run it again.',
  },
  {
    env: 'SHUTDOWN_TIMEOUT_MS',
    key: 'shutdownTimeoutMs',
    schema: positiveInt(0, 600_000),
    default: '10000',
    description:
      'On SIGTERM, how long in-flight jobs get to finish before they are released to other workers.',
  },
  {
    env: 'PUBLIC_URL',
    key: 'publicUrl',
    schema: httpUrl.optional(),
    description:
      'Address at which a browser reaches this bridge, e.g. `https://bridge.example.com`; the OAuth redirect URI is PUBLIC_URL/oauth/ghl/callback. Unset: `http://localhost:PORT`.',
  },
  {
    env: 'GHL_CLIENT_ID',
    key: 'ghlClientId',
    schema: z.string().min(1, 'must not be empty').optional(),
    description: 'Client id of your GHL Marketplace app, for `ghl-bridge connect ghl` (OAuth).',
  },
  {
    env: 'GHL_CLIENT_SECRET',
    key: 'ghlClientSecret',
    schema: z.string().min(1, 'must not be empty').optional(),
    description: 'Client secret of that app. Stored encrypted with each connection it authorizes.',
    secret: true,
  },
  {
    env: 'GHL_BASE_URL',
    key: 'ghlBaseUrl',
    schema: httpUrl,
    default: 'https://services.leadconnectorhq.com',
    description: 'GHL API base URL for new connections (a sandbox URL to try things safely).',
  },
  {
    env: 'GHL_MARKETPLACE_URL',
    key: 'ghlMarketplaceUrl',
    schema: httpUrl,
    default: 'https://marketplace.gohighlevel.com',
    description:
      'Where the OAuth consent page lives; `https://marketplace.leadconnectorhq.com` for white-label accounts.',
  },
  {
    env: 'GHL_WEBHOOK_PUBLIC_KEY',
    key: 'ghlWebhookPublicKey',
    schema: z.string().min(1, 'must not be empty').optional(),
    description:
      'Ed25519 public key(s) that check `x-ghl-signature` on `POST /webhooks/ghl`: PEM text, a PEM file path, or base64 SPKI. Several PEM blocks = several accepted keys. Unset: the key HighLevel is quoted as publishing (unconfirmed; see docs/triggers.md).',
  },
  {
    env: 'GHL_WEBHOOK_RSA_PUBLIC_KEY',
    key: 'ghlWebhookRsaPublicKey',
    schema: z.string().min(1, 'must not be empty').optional(),
    description:
      "RSA public key(s) that check the legacy `x-wh-signature` (PEM text or file path). Unset: HighLevel's published key, bundled.",
  },
  {
    env: 'GHL_WEBHOOK_ALLOW_UNSIGNED',
    key: 'ghlWebhookAllowUnsigned',
    schema: flag,
    default: 'false',
    description:
      'Accept GHL webhooks that carry no signature header (local testing only; a present but wrong signature is still refused).',
  },
  {
    env: 'WEBHOOK_MAX_AGE_SECONDS',
    key: 'webhookMaxAgeSeconds',
    schema: positiveInt(1, 86_400),
    default: '300',
    description:
      'A webhook whose `timestamp` is older than this (or as far in the future) is refused as a replay.',
  },
  {
    env: 'WEBHOOK_BODY_LIMIT',
    key: 'webhookBodyLimit',
    schema: positiveInt(1024, 16 * 1024 * 1024),
    default: '1048576',
    description: 'Largest webhook body accepted, in bytes; a larger one is answered 413 and not stored.',
  },
  {
    env: 'RECONCILE_INTERVAL_SECONDS',
    key: 'reconcileIntervalSeconds',
    schema: positiveInt(0, 86_400),
    default: '300',
    description:
      'How often each GHL location is searched for changes whose webhooks never arrived; 0 switches reconciliation off.',
  },
  {
    env: 'RECONCILE_LOOKBACK_SECONDS',
    key: 'reconcileLookbackSeconds',
    schema: positiveInt(0, 7 * 86_400),
    default: '900',
    description: 'How far before the last reconciled point each reconciliation searches again (overlap).',
  },
  {
    env: 'RECONCILE_GRACE_SECONDS',
    key: 'reconcileGraceSeconds',
    schema: positiveInt(0, 86_400),
    default: '120',
    description:
      'Changes younger than this are left to their webhooks; reconciliation looks at them on a later run.',
  },
] as const satisfies readonly SettingSpec[];

export const configFileSetting = {
  env: 'BRIDGE_CONFIG',
  description:
    'Optional JSON or YAML file with the settings above (camelCase keys); environment variables win.',
};
