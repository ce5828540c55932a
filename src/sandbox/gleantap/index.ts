import {
  createSandboxApp,
  FaultInjector,
  installSandboxBasics,
  listen,
  RateLimiter,
  type RateLimits,
  RequestLog,
  WebhookDispatcher,
} from '../common/index.ts';
import { ScheduledSave } from '../common/snapshot-file.ts';
import { credentialsOf, GleantapAdmin, type GleantapCredentials } from './admin.ts';
import { registerGleantapAdminRoutes } from './admin-routes.ts';
import { errorBody, installGleantapHttp } from './http.ts';
import type { GleantapClock } from './model.ts';
import { registerGleantapRoutes } from './routes.ts';
import { type GleantapSeedOptions, seedGleantapAccount } from './seed.ts';
import { loadGleantapSnapshot, saveGleantapSnapshot } from './snapshot.ts';
import { gleantapSchemas } from './spec.ts';
import { type GleantapAccountInput, GleantapStore } from './store.ts';

export type { CustomerChange, GleantapAdmin, GleantapCredentials } from './admin.ts';
export type { GleantapCustomer, GleantapEvent, GleantapSms } from './model.ts';
export type { GleantapSeedOptions } from './seed.ts';

/**
 * Gleantap documents no rate limit. The sandbox's default is high enough never to be met
 * by accident; tests and `PUT /_sandbox/limits` lower it.
 */
export const GLEANTAP_DEFAULT_LIMITS: RateLimits = {
  max: 100_000,
  intervalMs: 60_000,
  dailyMax: Number.MAX_SAFE_INTEGER,
  dayMs: 86_400_000,
};

/** The demo account `seed: true` creates when no accounts are given; fixed so the CLI can print it. */
export const GLEANTAP_DEMO_ACCOUNT: Required<Omit<GleantapAccountInput, 'fromNumber'>> = {
  appId: 'gleantap-demo-app',
  apiKey: 'gleantap-demo-api-key',
  secretKey: 'gleantap-demo-secret-key',
  name: 'Demo Fitness Studio',
};

export interface GleantapSandboxOptions {
  host?: string;
  /** 0 (default) picks a free port; `ghl-bridge sandbox` uses 4012. */
  port?: number;
  /** Accounts that exist from the start (and again after a reset). */
  accounts?: GleantapAccountInput[];
  /** Seed data in every initial account; with no `accounts`, a demo account is created for it. */
  seed?: boolean | GleantapSeedOptions;
  limits?: Partial<RateLimits>;
  /** Confirm SMS opt-ins at once instead of waiting for the contact's reply (default false). */
  autoConfirmOptIn?: boolean;
  /** JSON file the state is loaded from at start (when it exists) and saved to on close. */
  snapshotFile?: string;
  clock?: GleantapClock;
  adminToken?: string;
  requestLogSize?: number;
}

export interface GleantapSandbox {
  /** Base URL standing for `https://api.gleantap.com`. */
  url: string;
  port: number;
  admin: GleantapAdmin;
  /** The first account's credentials (the demo account when seeded), if any. */
  demo: GleantapCredentials | undefined;
  close(): Promise<void>;
}

export async function startGleantapSandbox(options: GleantapSandboxOptions = {}): Promise<GleantapSandbox> {
  const schemas = gleantapSchemas();
  const store = new GleantapStore(options.clock);
  const limits = { ...GLEANTAP_DEFAULT_LIMITS, ...options.limits };
  const limiter = new RateLimiter(limits);
  const log = new RequestLog(options.requestLogSize ?? 10_000);
  const faults = new FaultInjector();
  // Gleantap documents no webhooks; the dispatcher only satisfies the shared admin routes.
  const webhooks = new WebhookDispatcher();

  const populate = () => {
    store.clear();
    const initial = options.accounts ?? (options.seed ? [GLEANTAP_DEMO_ACCOUNT] : []);
    for (const input of initial) {
      const account = store.createAccount(input);
      if (options.seed) seedGleantapAccount(store, account, options.seed === true ? {} : options.seed);
    }
  };
  if (!(options.snapshotFile && loadGleantapSnapshot(store, options.snapshotFile))) populate();

  const saveSnapshot = () => {
    if (!options.snapshotFile) return undefined;
    saveGleantapSnapshot(store, options.snapshotFile);
    return options.snapshotFile;
  };
  const admin = new GleantapAdmin({
    store,
    limiter,
    faults,
    log,
    saveSnapshot,
    resetAll: async () => {
      log.clear();
      faults.reset();
      limiter.reset({ overrides: true, limits });
      populate();
    },
  });

  const app = createSandboxApp();
  const scheduled = options.snapshotFile ? new ScheduledSave(saveSnapshot) : undefined;
  if (scheduled) {
    app.addHook('onResponse', (request, _reply, done) => {
      if (request.method !== 'GET') scheduled.schedule();
      done();
    });
  }
  installGleantapHttp(app, { store, limiter });
  installSandboxBasics(app, {
    log,
    faults,
    limiter,
    webhooks,
    defaultLimits: limits,
    reset: populate,
    renderFault: (status) => errorBody(status === 429 ? 'Too many requests' : 'Internal server error'),
    ...(options.adminToken && { adminToken: options.adminToken }),
  });
  registerGleantapAdminRoutes(app, admin);
  registerGleantapRoutes(app, store, schemas, { autoConfirmOptIn: options.autoConfirmOptIn ?? false });

  const server = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);
  const first = store.accounts.values().next().value;
  return {
    url: server.url,
    port: server.port,
    admin,
    demo: first ? credentialsOf(first) : undefined,
    close: async () => {
      webhooks.close();
      await server.close();
      scheduled?.flush();
    },
  };
}
