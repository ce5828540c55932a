import {
  createSandboxApp,
  FaultInjector,
  installSandboxBasics,
  listen,
  RateLimiter,
  type RateLimits,
  RequestLog,
  WebhookDispatcher,
  type WebhookSettings,
} from '../common/index.ts';
import { ScheduledSave } from '../common/snapshot-file.ts';
import { credentialsOf, GleapAdmin, type GleapCredentials } from './admin.ts';
import { registerGleapAdminRoutes } from './admin-routes.ts';
import { installGleapAuth } from './auth.ts';
import { installGleapErrorHandling } from './errors.ts';
import type { GleapClock } from './model.ts';
import { registerMessageRoutes } from './routes/messages.ts';
import { registerSessionRoutes } from './routes/sessions.ts';
import { registerTicketRoutes } from './routes/tickets.ts';
import { registerUserRoutes } from './routes/users.ts';
import { type GleapSeedOptions, seedGleapProject } from './seed.ts';
import { loadGleapSnapshot, saveGleapSnapshot } from './snapshot.ts';
import { gleapSchemas } from './spec.ts';
import { type GleapProjectInput, GleapStore } from './store.ts';
import { emitGleapWebhooks } from './webhooks.ts';

export type { AppSideMessage, AppSideOptions, GleapAdmin, GleapCredentials } from './admin.ts';
export type { GleapWebhook } from './model.ts';
export type { GleapSeedOptions } from './seed.ts';

/** "1000 requests per 60 seconds per project" (API overview); no daily limit is documented. */
export const GLEAP_DEFAULT_LIMITS: RateLimits = {
  max: 1000,
  intervalMs: 60_000,
  dailyMax: Number.MAX_SAFE_INTEGER,
  dayMs: 86_400_000,
};

/** The demo project `seed: true` creates when no projects are given; fixed so the CLI can print it. */
export const GLEAP_DEMO_PROJECT: Required<GleapProjectInput> = {
  id: '65f0c0ffee00000000000001',
  name: 'Demo project',
  apiKey: 'gleap-sandbox-demo-api-key',
};

export interface GleapSandboxOptions {
  host?: string;
  /** 0 (default) picks a free port; `ghl-bridge sandbox` uses 4011. */
  port?: number;
  /** Projects that exist from the start (and again after a reset). */
  projects?: GleapProjectInput[];
  /** Seed data in every initial project; with no `projects`, a demo project is created for it. */
  seed?: boolean | GleapSeedOptions;
  limits?: Partial<RateLimits>;
  /** Send `X-RateLimit-Limit` / `-Remaining` (off: Gleap documents no rate-limit headers). */
  rateLimitHeaders?: boolean;
  /** Sandbox-wide webhook target, used for projects without a webhook of their own. */
  webhookTarget?: { url: string; headers?: Record<string, string> };
  /** Webhook retry settings (default: only 429 is retried, 6 times, 10 minutes apart). */
  webhookRetry?: Partial<WebhookSettings>;
  /** JSON file the state is loaded from at start (when it exists) and saved to on close. */
  snapshotFile?: string;
  clock?: GleapClock;
  /** When set, `/_sandbox/*` requires header `x-sandbox-admin-token`. */
  adminToken?: string;
  requestLogSize?: number;
}

export interface GleapSandbox {
  /** Base URL standing for `https://api.gleap.io/v3`. */
  url: string;
  port: number;
  admin: GleapAdmin;
  /** The first project's credentials (the demo project when seeded), if any. */
  demo: GleapCredentials | undefined;
  close(): Promise<void>;
}

export async function startGleapSandbox(options: GleapSandboxOptions = {}): Promise<GleapSandbox> {
  const schemas = gleapSchemas();
  const store = new GleapStore(options.clock);
  const limits = { ...GLEAP_DEFAULT_LIMITS, ...options.limits };
  const limiter = new RateLimiter(limits);
  const log = new RequestLog(options.requestLogSize ?? 10_000);
  const faults = new FaultInjector();
  const webhooks = new WebhookDispatcher(() => ({}), options.webhookRetry);
  const applyTarget = () => {
    if (options.webhookTarget) webhooks.setTarget(options.webhookTarget.url, options.webhookTarget.headers);
  };

  const populate = () => {
    store.clear();
    const initial = options.projects ?? (options.seed ? [GLEAP_DEMO_PROJECT] : []);
    for (const input of initial) {
      const project = store.createProject(input);
      if (options.seed) seedGleapProject(store, project, options.seed === true ? {} : options.seed);
    }
  };
  if (!(options.snapshotFile && loadGleapSnapshot(store, options.snapshotFile))) populate();
  applyTarget();
  const stopEmitting = emitGleapWebhooks(store, webhooks);

  const resetApp = () => {
    populate();
    applyTarget();
  };
  const saveSnapshot = () => {
    if (!options.snapshotFile) return undefined;
    saveGleapSnapshot(store, options.snapshotFile);
    return options.snapshotFile;
  };
  const admin = new GleapAdmin({
    store,
    schemas,
    limiter,
    faults,
    log,
    webhooks,
    saveSnapshot,
    resetAll: async () => {
      log.clear();
      faults.reset();
      limiter.reset({ overrides: true, limits });
      webhooks.reset();
      resetApp();
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
  installGleapErrorHandling(app);
  installSandboxBasics(app, {
    log,
    faults,
    limiter,
    webhooks,
    defaultLimits: limits,
    reset: resetApp,
    renderFault: (status) => ({
      message: status === 429 ? 'Too many requests, please try again later.' : 'Internal server error',
    }),
    ...(options.adminToken && { adminToken: options.adminToken }),
  });
  installGleapAuth(app, {
    store,
    limiter,
    rateLimitHeaders: options.rateLimitHeaders ?? false,
    adminPrefix: '/_sandbox',
  });
  registerGleapAdminRoutes(app, admin);
  registerSessionRoutes(app, store, schemas);
  registerTicketRoutes(app, store, schemas);
  registerMessageRoutes(app, store, schemas);
  registerUserRoutes(app);

  const server = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);
  const first = store.projects.values().next().value;
  return {
    url: server.url,
    port: server.port,
    admin,
    demo: first ? credentialsOf(first) : undefined,
    close: async () => {
      stopEmitting();
      webhooks.close();
      await server.close();
      scheduled?.flush();
    },
  };
}
