import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateDecision, RateLimiter } from '../common/index.ts';
import { badRequest, forbidden, tooManyRequests, unauthorized } from './errors.ts';
import type { AccessToken, Location } from './model.ts';
import type { GhlState } from './state.ts';

export const API_VERSION = '2021-07-28';

/** What a route needs, given as `config: { ghl: {...} }` when it is registered. */
export interface RouteAccess {
  /** The scope the token must carry (null: any valid token). */
  scope: string | null;
  /** Which token types the route accepts (contacts routes: sub-account tokens only). */
  userTypes?: ('Location' | 'Company')[];
  /** Whether the `Version` header is required (every op except `/oauth/token`). */
  version?: boolean;
}

export interface GhlContext {
  token: AccessToken;
  /** The token's location (undefined for agency tokens). */
  location: Location | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    ghl: GhlContext | undefined;
    rate: RateDecision | undefined;
  }
  interface FastifyContextConfig {
    ghl?: RouteAccess;
  }
}

/** The rate-limit bucket: per app (OAuth client, or the PIT itself) per location or company. */
export function rateKey(token: AccessToken): string {
  return `${token.clientId ?? token.label}:${token.locationId ?? token.companyId}`;
}

/**
 * The checks HighLevel makes before an operation runs: a known, unexpired Bearer token,
 * the rate limit of its app and location, the `Version` header, the token type and scope.
 */
export function installAuth(app: FastifyInstance, state: GhlState, limiter: RateLimiter): void {
  app.decorateRequest('ghl', undefined);
  app.decorateRequest('rate', undefined);

  app.addHook('preHandler', async (request: FastifyRequest) => {
    const access = request.routeOptions.config.ghl;
    if (!access) return;
    const token = tokenOf(request, state);
    request.sandboxActor = {
      credential: token.label,
      ...(token.clientId && { app: token.clientId }),
      location: token.locationId ?? token.companyId,
    };
    request.rate = limiter.take(rateKey(token));
    if (!request.rate.allowed) throw tooManyRequests();
    if (access.version !== false) checkVersion(request);
    const userTypes = access.userTypes ?? ['Location'];
    if (!userTypes.includes(token.userType)) throw unauthorized('This AuthClass is not yet supported');
    if (access.scope && !token.scopes.includes(access.scope)) {
      throw unauthorized('The token is not authorized for this scope.');
    }
    request.ghl = { token, location: token.locationId ? state.locations.get(token.locationId) : undefined };
  });

  /** The five X-RateLimit-* headers on every response (unauthenticated ones show the full budget). */
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

function tokenOf(request: FastifyRequest, state: GhlState): AccessToken {
  const header = request.headers.authorization;
  if (!header || !/^bearer /i.test(header)) throw unauthorized();
  const token = state.accessTokens.get(header.slice(7).trim());
  if (!token) throw unauthorized();
  if (token.expiresAt !== undefined && token.expiresAt <= Date.now()) {
    throw unauthorized('Invalid token: access token is expired');
  }
  return token;
}

function checkVersion(request: FastifyRequest): void {
  const version = request.headers.version;
  if (version === undefined || version === '') throw unauthorized('Version header was not found');
  if (version !== API_VERSION) {
    throw badRequest(
      `Version ${String(version)} is not supported by this sandbox; send Version: ${API_VERSION}`,
    );
  }
}

/** The request's location, refusing a `locationId` (query or body) that is not the token's own. */
export function locationOf(request: FastifyRequest, requestedId?: string): Location {
  const context = request.ghl;
  if (!context?.location) throw unauthorized('This AuthClass is not yet supported');
  if (requestedId !== undefined && requestedId !== context.location.id) throw forbidden();
  return context.location;
}
