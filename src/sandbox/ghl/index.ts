import {
  FaultInjector,
  listen,
  RateLimiter,
  type RateLimits,
  RequestLog,
  WebhookDispatcher,
} from '../common/index.ts';
import { ScheduledSave, writeSnapshotFile } from '../common/snapshot-file.ts';
import type { CreatedLocation, GhlAdmin } from './admin.ts';
import { buildGhlApp } from './app.ts';
import { LOCATION_SCOPES } from './model.ts';
import { seedLocation } from './seed.ts';
import { readSnapshot, restoreSnapshot, toSnapshot } from './snapshot.ts';
import { GhlState } from './state.ts';
import { TokenService } from './tokens.ts';
import { WebhookKeys } from './webhook-keys.ts';

/**
 * Fixed credentials for the default location of `ghl-bridge sandbox` and the built-in sandbox,
 * so what the CLI prints stays valid across restarts. Tests leave them out and get random ones.
 */
export const GHL_DEMO_LOCATION = {
  id: 'SandboxLocation00001',
  companyId: 'SandboxCompany000001',
  name: 'Sandbox Location',
  privateIntegrationToken: 'pit-5a9db0c0-0000-4000-8000-000000000001',
} as const;

export interface GhlSandboxOptions {
  host?: string;
  /** 0 (default) picks a free port; the CLI uses 4010. */
  port?: number;
  /** Realistic contacts (with tasks, notes, tags, appointments) created in the default location. */
  seed?: number;
  /** Load from this JSON file when it exists; save to it after changes and on close. */
  snapshotFile?: string;
  /** OAuth access-token lifetime (HighLevel: 86399 s). */
  accessTokenTtlSeconds?: number;
  /** Rate limits per app per location (HighLevel: 100 per 10 000 ms, 200 000 per day). */
  limits?: Partial<RateLimits>;
  /** Webhook retries after a 429 (HighLevel: 6 retries about 10 minutes apart). */
  webhookRetryIntervalMs?: number;
  webhookMaxRetries?: number;
  /** Sandbox-wide webhook target (also settable via `PUT /_sandbox/webhooks/target`). */
  webhookTarget?: string;
  /** Also sign webhooks with the legacy RSA `x-wh-signature`. */
  legacySignature?: boolean;
  /** Fixed ids for the default location, so printed credentials stay valid across restarts. */
  defaultLocation?: { id?: string; companyId?: string; name?: string; privateIntegrationToken?: string };
  requestLogSize?: number;
  /** When set, `/_sandbox/` routes need header `x-sandbox-admin-token`. */
  adminToken?: string;
}

export interface GhlSandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010`; GHL paths are served at its root. */
  url: string;
  port: number;
  /** The location made at start (and after each reset), with its Private Integration Token. */
  defaultLocation: CreatedLocation;
  admin: GhlAdmin;
  webhooks: WebhookDispatcher;
  requests: RequestLog;
  limiter: RateLimiter;
  faults: FaultInjector;
  /** Back to the start state (default location and seed), like `POST /_sandbox/reset`. */
  reset(): Promise<void>;
  saveSnapshot(): Promise<string | null>;
  close(): Promise<void>;
}

/** Starts the GHL sandbox on host/port and returns its URL and a programmatic admin handle. */
export async function startGhlSandbox(options: GhlSandboxOptions = {}): Promise<GhlSandbox> {
  const limits = options.limits ?? {};
  const state = new GhlState();
  const snapshot = options.snapshotFile ? readSnapshot(options.snapshotFile) : undefined;
  const keys = new WebhookKeys(snapshot?.keys);
  keys.legacyRsa = options.legacySignature ?? false;
  const tokens = new TokenService(state, {
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? snapshot?.accessTokenTtlSeconds ?? 86_399,
  });
  const limiter = new RateLimiter(limits);
  const webhooks = new WebhookDispatcher((body) => keys.sign(body), {
    ...(options.webhookRetryIntervalMs !== undefined && { retryIntervalMs: options.webhookRetryIntervalMs }),
    ...(options.webhookMaxRetries !== undefined && { maxRetries: options.webhookMaxRetries }),
  });
  const initialTarget = () => {
    if (options.webhookTarget) webhooks.setTarget(options.webhookTarget);
  };
  initialTarget();
  const log = new RequestLog(options.requestLogSize ?? 10_000);
  const faults = new FaultInjector();
  const snapshotFile = options.snapshotFile;
  const writer = snapshotFile
    ? new ScheduledSave(() =>
        writeSnapshotFile(snapshotFile, {
          ...toSnapshot(state, keys.toPems(), tokens.settings.accessTokenTtlSeconds),
          defaultLocation,
        }),
      )
    : undefined;
  const saveSnapshot = async () => {
    if (!writer || !snapshotFile) return null;
    writer.flush();
    return snapshotFile;
  };

  let defaultLocation: CreatedLocation;
  const { app, admin } = buildGhlApp({
    state,
    tokens,
    keys,
    limiter,
    webhooks,
    log,
    faults,
    reset: () => {
      state.clear();
      tokens.settings.accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 86_399;
      defaultLocation = createDefault(admin, options, defaultLocation);
      initialTarget();
      writer?.schedule();
    },
    saveSnapshot,
    defaultLimits: limits,
    ...(writer && { onChange: () => writer.schedule() }),
    ...(options.adminToken && { adminToken: options.adminToken }),
  });

  if (snapshot?.defaultLocation) {
    restoreSnapshot(state, snapshot);
    defaultLocation = snapshot.defaultLocation;
  } else {
    defaultLocation = createDefault(admin, options);
    writer?.schedule();
  }

  const server = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);
  return {
    url: server.url,
    port: server.port,
    get defaultLocation() {
      return defaultLocation;
    },
    admin,
    webhooks,
    requests: log,
    limiter,
    faults,
    reset: async () => {
      await app.inject({
        method: 'POST',
        url: '/_sandbox/reset',
        ...(options.adminToken && { headers: { 'x-sandbox-admin-token': options.adminToken } }),
      });
    },
    saveSnapshot,
    close: async () => {
      webhooks.close();
      await server.close();
      await saveSnapshot();
    },
  };
}

/** The default location, keeping the ids of the previous one (or the configured ones). */
function createDefault(
  admin: GhlAdmin,
  options: GhlSandboxOptions,
  previous?: CreatedLocation,
): CreatedLocation {
  const wanted = options.defaultLocation ?? {};
  const id = wanted.id ?? previous?.locationId;
  const companyId = wanted.companyId ?? previous?.companyId;
  const pit = wanted.privateIntegrationToken ?? previous?.privateIntegrationToken;
  const created = admin.createLocation({
    name: wanted.name ?? 'Sandbox Location',
    scopes: LOCATION_SCOPES,
    ...(id && { id }),
    ...(companyId && { companyId }),
    ...(pit && { privateIntegrationToken: pit }),
  });
  if (options.seed) seedLocation(admin.location(created.locationId), options.seed);
  return created;
}

export type { CreatedLocation, GhlAdmin };
