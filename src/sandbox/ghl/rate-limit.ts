import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateDecision, RateLimiter } from '../common/index.ts';
import { tooManyRequests } from './errors.ts';
import type { AccessToken } from './model.ts';

declare module 'fastify' {
  interface FastifyRequest {
    rate: RateDecision | undefined;
  }
}

/** The rate-limit bucket: per app (OAuth client, or the PIT itself) per location or company. */
export function rateKey(token: AccessToken): string {
  return `${token.clientId ?? token.label}:${token.locationId ?? token.companyId}`;
}

/** Counts the request against its bucket; 429 past the burst or daily limit. */
export function takeRateLimit(request: FastifyRequest, limiter: RateLimiter, token: AccessToken): void {
  request.rate = limiter.take(rateKey(token));
  if (!request.rate.allowed) throw tooManyRequests();
}

/** The five X-RateLimit-* headers on every GHL response (unauthenticated ones show the full budget). */
export function installRateLimitHeaders(app: FastifyInstance, limiter: RateLimiter): void {
  app.decorateRequest('rate', undefined);
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    if (request.url.startsWith('/_sandbox')) return payload;
    const rate = request.rate ?? limiter.peek('anonymous');
    reply.header('x-ratelimit-limit-daily', rate.dailyLimit);
    reply.header('x-ratelimit-daily-remaining', rate.dailyRemaining);
    reply.header('x-ratelimit-interval-milliseconds', rate.intervalMs);
    reply.header('x-ratelimit-max', rate.limit);
    reply.header('x-ratelimit-remaining', rate.remaining);
    return payload;
  });
}
