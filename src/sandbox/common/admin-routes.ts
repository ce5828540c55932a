import type { FastifyInstance } from 'fastify';
import type { FaultInjector, FaultSettings } from './faults.ts';
import type { RateLimiter, RateLimits } from './rate-limiter.ts';
import type { RequestLog, RequestLogFilter } from './request-log.ts';
import type { WebhookDeliveryState, WebhookDispatcher, WebhookSettings } from './webhooks.ts';

export interface AdminParts {
  log: RequestLog;
  faults: FaultInjector;
  limiter: RateLimiter;
  webhooks: WebhookDispatcher;
  /** The app's own reset (data, tokens...); the common parts are reset by the route itself. */
  reset?: () => void | Promise<void>;
  /** Limits restored by `POST /_sandbox/reset` (default: the limiter's built-in defaults). */
  defaultLimits?: Partial<RateLimits>;
  /** When set, admin routes require header `x-sandbox-admin-token` with this value. */
  adminToken?: string;
  prefix?: string;
}

const nonNegative = { type: 'number', minimum: 0 } as const;
const positive = { type: 'number', exclusiveMinimum: 0 } as const;

/**
 * Registers the admin routes every simulated API shares, under `/_sandbox/` by default:
 * request log, faults, limits, reset, webhook deliveries and target.
 */
export function registerAdminRoutes(app: FastifyInstance, parts: AdminParts): void {
  const prefix = parts.prefix ?? '/_sandbox';
  const { log, faults, limiter, webhooks } = parts;

  if (parts.adminToken) {
    const token = parts.adminToken;
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith(prefix) && request.headers['x-sandbox-admin-token'] !== token) {
        return reply
          .code(401)
          .send({ statusCode: 401, message: 'Missing or wrong x-sandbox-admin-token header' });
      }
    });
  }

  app.get(`${prefix}/requests`, {
    schema: {
      querystring: {
        type: 'object',
        properties: {
          method: { type: 'string' },
          pathPrefix: { type: 'string' },
          location: { type: 'string' },
          app: { type: 'string' },
          status: { type: 'integer' },
          afterSeq: { type: 'integer' },
          limit: { type: 'integer', minimum: 1 },
        },
      },
    },
    handler: async (request) => ({ requests: log.list(request.query as RequestLogFilter) }),
  });

  app.delete(`${prefix}/requests`, async () => {
    log.clear();
    return { cleared: true };
  });

  app.get(`${prefix}/faults`, async () => ({ faults: faults.current() }));
  app.put(`${prefix}/faults`, {
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          errorRate: { type: 'number', minimum: 0, maximum: 1 },
          statuses: { type: 'array', items: { type: 'integer', minimum: 400, maximum: 599 } },
          resetRate: { type: 'number', minimum: 0, maximum: 1 },
          resetPhase: { enum: ['before', 'after'] },
          latencyMs: nonNegative,
          latencyJitterMs: nonNegative,
          failNext: { type: 'integer', minimum: 0 },
          pathPrefixes: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    handler: async (request) => ({
      faults: faults.configure((request.body ?? {}) as Partial<FaultSettings>),
    }),
  });

  app.put(`${prefix}/limits`, {
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          max: { type: 'integer', minimum: 1 },
          intervalMs: positive,
          dailyMax: { type: 'integer', minimum: 1 },
          dayMs: positive,
          key: { type: 'string' },
          resetCounters: { type: 'boolean' },
        },
      },
    },
    handler: async (request) => {
      const { key, resetCounters, ...limits } = (request.body ?? {}) as Partial<RateLimits> & {
        key?: string;
        resetCounters?: boolean;
      };
      const applied = limiter.configure(limits, key);
      if (resetCounters) limiter.reset();
      return { limits: applied, ...(key !== undefined && { key }) };
    },
  });

  app.post(`${prefix}/reset`, async () => {
    log.clear();
    faults.reset();
    limiter.reset({ overrides: true, limits: parts.defaultLimits ?? {} });
    webhooks.reset();
    await parts.reset?.();
    return { reset: true };
  });

  app.get(`${prefix}/webhooks/deliveries`, {
    schema: {
      querystring: {
        type: 'object',
        properties: { event: { type: 'string' }, state: { type: 'string' } },
      },
    },
    handler: async (request) => {
      const query = request.query as { event?: string; state?: WebhookDeliveryState };
      return { deliveries: webhooks.deliveries(query) };
    },
  });

  app.delete(`${prefix}/webhooks/deliveries`, async () => {
    webhooks.clearDeliveries();
    return { cleared: true };
  });

  app.get(`${prefix}/webhooks/target`, async () => ({ target: webhooks.target() }));
  app.put(`${prefix}/webhooks/target`, {
    schema: {
      body: {
        type: 'object',
        required: ['url'],
        additionalProperties: false,
        properties: {
          url: { anyOf: [{ type: 'string', pattern: '^https?://' }, { type: 'null' }] },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          maxRetries: { type: 'integer', minimum: 0 },
          retryIntervalMs: nonNegative,
          retryJitterMs: nonNegative,
          timeoutMs: positive,
        },
      },
    },
    handler: async (request) => {
      const { url, headers, ...settings } = request.body as {
        url: string | null;
        headers?: Record<string, string>;
      } & Partial<WebhookSettings>;
      webhooks.setTarget(url, headers);
      const applied = webhooks.configure(settings);
      return {
        target: webhooks.target(),
        retry: {
          maxRetries: applied.maxRetries,
          retryIntervalMs: applied.retryIntervalMs,
          retryJitterMs: applied.retryJitterMs,
          timeoutMs: applied.timeoutMs,
        },
      };
    },
  });
}
