import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { WebhookVerifier } from '../connectors/ghl/webhooks/signature.ts';
import { registerApi } from './api/index.ts';
import { createMetrics } from './metrics.ts';
import { gleapWebhookDepsOf, gleapWebhookRoutes } from './routes/gleap-webhooks.ts';
import { authorizationDepsOf, oauthRoutes } from './routes/oauth.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import type { Runtime } from './runtime.ts';

export interface ServerOptions {
  /** Largest accepted request body, bytes (webhooks are small; default 1 MiB). */
  bodyLimit?: number;
  /** Checks GHL webhook signatures instead of the keys in the settings (the demo's sandbox keys, tests). */
  ghlWebhookVerifier?: WebhookVerifier;
}

export async function buildServer(runtime: Runtime, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: runtime.log as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Per-request lines would drown the log at webhook rates; the metrics histogram counts them.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  });
  const metrics = createMetrics(runtime.queue);
  app.decorate('metrics', metrics);

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode >= 500) {
      request.log.warn({ method: request.method, route, status: reply.statusCode }, 'request failed');
    }
  });

  app.get('/healthz', async (_request, reply) => {
    const checks: Record<string, string> = {};
    await runtime.store.ping().then(
      () => {
        checks.database = 'ok';
      },
      (error: Error) => {
        checks.database = error.message;
      },
    );
    await runtime.queue.health().then(
      () => {
        checks.queue = 'ok';
      },
      (error: Error) => {
        checks.queue = error.message;
      },
    );
    const healthy = Object.values(checks).every((v) => v === 'ok');
    if (healthy) return { status: 'ok' };
    return reply.code(503).send({ status: 'error', checks });
  });

  oauthRoutes(app, authorizationDepsOf(runtime), runtime.log);
  await app.register(webhookRoutes, {
    runtime,
    ...(options.ghlWebhookVerifier ? { verifier: options.ghlWebhookVerifier } : {}),
  });

  gleapWebhookRoutes(app, gleapWebhookDepsOf(runtime));

  await registerApi(app, runtime);

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ReturnType<typeof createMetrics>;
  }
}
