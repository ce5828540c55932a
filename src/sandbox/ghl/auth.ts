import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimiter } from '../common/index.ts';
import { badRequest, forbidden, unauthorized } from './errors.ts';
import type { AccessToken, Location } from './model.ts';
import { takeRateLimit } from './rate-limit.ts';
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
  }
  interface FastifyContextConfig {
    ghl?: RouteAccess;
  }
}

/**
 * The checks HighLevel makes before an operation runs: a known, unexpired Bearer token,
 * the rate limit of its app and location, the `Version` header, the token type and scope.
 * The X-RateLimit-* headers are added by `installRateLimitHeaders`.
 */
export function installAuth(app: FastifyInstance, state: GhlState, limiter: RateLimiter): void {
  app.decorateRequest('ghl', undefined);

  app.addHook('preHandler', async (request: FastifyRequest) => {
    const access = request.routeOptions.config.ghl;
    if (!access) return;
    const token = tokenOf(request, state);
    request.sandboxActor = {
      credential: token.label,
      ...(token.clientId && { app: token.clientId }),
      location: token.locationId ?? token.companyId,
    };
    takeRateLimit(request, limiter, token);
    if (access.version !== false) checkVersion(request);
    const userTypes = access.userTypes ?? ['Location'];
    if (!userTypes.includes(token.userType)) throw unauthorized('This AuthClass is not yet supported');
    if (access.scope && !token.scopes.includes(access.scope)) {
      throw unauthorized('The token is not authorized for this scope.');
    }
    request.ghl = { token, location: token.locationId ? state.locations.get(token.locationId) : undefined };
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
