import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimiter } from '../common/index.ts';
import { schemaIssues } from '../common/openapi-validation.ts';
import { type GleantapAccount, GleantapError } from './model.ts';
import { GLEANTAP_OPERATIONS, type GleantapOperation, type GleantapSchemas } from './spec.ts';
import type { GleantapStore } from './store.ts';

/**
 * How every External API method is called: POST with a JSON body, `X-API-KEY` and
 * `X-SECRET-KEY` headers (401 when wrong), the account's `app_id` in the body (in the path
 * for sendSmsNotification), the body checked against the description (400 when it does
 * not fit). Error bodies are undocumented; the sandbox answers `{ status: false, message }`.
 */

declare module 'fastify' {
  interface FastifyRequest {
    gleantapAccount: GleantapAccount | undefined;
  }
}

export const API_PREFIX = '/v2/ExternalApi/';

export function errorBody(message: string): { status: false; message: string } {
  return { status: false, message };
}

export function installGleantapHttp(
  app: FastifyInstance,
  options: { store: GleantapStore; limiter: RateLimiter },
): void {
  app.decorateRequest('gleantapAccount', undefined);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(API_PREFIX) || request.method !== 'POST') return;
    const apiKey = request.headers['x-api-key'];
    const secretKey = request.headers['x-secret-key'];
    const account = typeof apiKey === 'string' ? options.store.accountByApiKey(apiKey) : undefined;
    if (!account || typeof secretKey !== 'string' || !safeEqual(secretKey, account.secretKey)) {
      return reply.code(401).send(errorBody('Unauthorized - Invalid API credentials'));
    }
    request.gleantapAccount = account;
    request.sandboxActor = {
      credential: `apikey:${fingerprint(account.apiKey)}`,
      app: account.appId,
      location: account.appId,
    };
    if (!options.limiter.take(account.appId).allowed) {
      return reply.code(429).send(errorBody('Too many requests'));
    }
  });

  app.setErrorHandler((error: FastifyError | GleantapError, _request, reply) => {
    if (error instanceof GleantapError) return reply.code(error.status).send(errorBody(error.message));
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    const message =
      status === 400
        ? `Invalid request: ${error.message}`
        : status === 500
          ? 'Internal server error'
          : error.message;
    return reply.code(status).send(errorBody(message));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith(API_PREFIX) && request.method !== 'POST' && isKnownMethod(path)) {
      return reply.code(405).send(errorBody('Every External API method is called with POST.'));
    }
    return reply.code(404).send(errorBody(`Unknown method ${request.method} ${path}.`));
  });
}

export type OperationHandler = (
  account: GleantapAccount,
  body: Record<string, unknown>,
  request: FastifyRequest,
) => unknown;

/** Registers one External API method with its auth, body validation and app_id check. */
export function operation(
  app: FastifyInstance,
  schemas: GleantapSchemas,
  name: GleantapOperation,
  handler: OperationHandler,
): void {
  const path = GLEANTAP_OPERATIONS[name].replace('{app_id}', ':app_id');
  const validate = schemas.request[name];
  app.post(path, async (request) => {
    const account = request.gleantapAccount;
    if (!account) throw new GleantapError(401, 'Unauthorized - Invalid API credentials');
    const body = request.body;
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new GleantapError(400, 'Invalid request: send a JSON object body.');
    }
    if (!validate(body)) {
      const issues = schemaIssues(validate.errors, 'body').map((issue) => `${issue.path} ${issue.message}`);
      throw new GleantapError(400, `Invalid request: ${issues.join('; ')}.`);
    }
    const appId = (request.params as { app_id?: string }).app_id ?? (body as { app_id?: unknown }).app_id;
    if (appId !== account.appId)
      throw new GleantapError(401, 'Unauthorized - app_id does not belong to these API keys');
    return handler(account, body as Record<string, unknown>, request);
  });
}

function isKnownMethod(path: string): boolean {
  return Object.values(GLEANTAP_OPERATIONS).some((known) => path.startsWith(known.replace('/{app_id}', '')));
}

function safeEqual(a: string, b: string): boolean {
  return fingerprint(a, 64) === fingerprint(b, 64);
}

export function fingerprint(secret: string, length = 8): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, length);
}
