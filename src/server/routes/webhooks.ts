import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { webhookKeysFrom } from '../../connectors/ghl/webhooks/keys.ts';
import { createGhlWebhookReceiver } from '../../connectors/ghl/webhooks/receive.ts';
import { createWebhookVerifier, type WebhookVerifier } from '../../connectors/ghl/webhooks/signature.ts';
import type { Runtime } from '../runtime.ts';

export const GHL_WEBHOOK_PATH = '/webhooks/ghl';

export interface WebhookRouteOptions {
  runtime: Runtime;
  /** Replaces the verifier built from the settings (tests, the demo's sandbox keys). */
  verifier?: WebhookVerifier;
}

/**
 * `POST /webhooks/ghl`, the URL to give GHL (`<PUBLIC_URL>/webhooks/ghl`). In its own scope so
 * that the body reaches the handler as the exact bytes received (the signature covers them)
 * without changing how other routes parse JSON.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRouteOptions> = async (
  app: FastifyInstance,
  options,
) => {
  const { runtime } = options;
  const { config } = runtime;
  const verifier =
    options.verifier ??
    createWebhookVerifier({ ...webhookKeysFrom(config), allowUnsigned: config.ghlWebhookAllowUnsigned });
  if (config.ghlWebhookAllowUnsigned) {
    runtime.log.warn(
      'GHL_WEBHOOK_ALLOW_UNSIGNED is on: unsigned GHL webhooks are accepted. Use it only for local testing.',
    );
  }
  const receiver = createGhlWebhookReceiver({
    db: runtime.store.db,
    queue: runtime.queue,
    verifier,
    maxAgeMs: config.webhookMaxAgeSeconds * 1000,
    log: runtime.log,
  });
  const received = app.metrics.webhooksReceived;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status = error.statusCode ?? 500;
    received.inc({ source: 'ghl', outcome: status === 413 ? 'too_large' : 'malformed' });
    if (status >= 500) runtime.log.error({ err: error.message }, 'GHL webhook handler failed');
    // A 5xx would lose the event for good (GHL retries only 429).
    const answered = status >= 500 ? 429 : status;
    return reply
      .code(answered)
      .send({ error: status === 413 ? 'the body is over the size limit' : error.message });
  });

  app.post(GHL_WEBHOOK_PATH, { bodyLimit: config.webhookBodyLimit }, async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const result = await receiver.receive(raw, request.headers);
    received.inc({ source: 'ghl', outcome: result.outcome });
    return reply.code(result.status).send(result.body);
  });
};
