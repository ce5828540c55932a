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
] as const satisfies readonly SettingSpec[];

export const configFileSetting = {
  env: 'BRIDGE_CONFIG',
  description:
    'Optional JSON or YAML file with the settings above (camelCase keys); environment variables win.',
};
