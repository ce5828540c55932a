import { randomUUID } from 'node:crypto';
import type { AuthStrategy } from '../http/types.ts';
import { AuthError } from '../kernel/errors.ts';
import type { Connection, ConnectionsRepository } from '../store/connections.ts';
import type { LocksRepository } from '../store/locks.ts';
import type { SecretsRepository } from '../store/secrets.ts';
import { mintLocationToken, refreshTokens, type TokenResponse } from './ghl-oauth.ts';

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 15 * 60 * 1000;
const LOCK_TTL_MS = 60_000;

export interface OAuthDeps {
  connections: ConnectionsRepository;
  secrets: SecretsRepository;
  locks: LocksRepository;
}

// One refresh in flight per connection in this process; the database lock covers other processes.
const inFlight = new Map<string, Promise<string>>();

interface OAuthMeta {
  baseUrl?: string;
  clientId?: string;
  userType?: 'Location' | 'Company';
  /** For a location token minted from an agency connection. */
  agencyConnectionId?: string;
  companyId?: string;
  locationId?: string;
}

/**
 * Access tokens of an OAuth connection: read from the vault, refreshed 15 minutes before
 * expiry or after a 401, one refresh at a time per connection across processes. The rotated
 * refresh token is stored before the new access token is used; a refused refresh marks the
 * connection `needs_reauth`.
 */
export function oauthCredentials(deps: OAuthDeps, connection: Connection): AuthStrategy {
  let usedVersion: number | undefined;
  return {
    async headers() {
      const current = await deps.secrets.get(connection.id, 'access_token');
      if (current && (current.expiresAt ?? Number.POSITIVE_INFINITY) - Date.now() > REFRESH_MARGIN_MS) {
        usedVersion = current.version;
        return { Authorization: `Bearer ${current.value}` };
      }
      const token = await refreshOnce(deps, connection, current?.version);
      usedVersion = (await deps.secrets.get(connection.id, 'access_token'))?.version;
      return { Authorization: `Bearer ${token}` };
    },
    async onUnauthorized() {
      try {
        await refreshOnce(deps, connection, usedVersion);
        return true;
      } catch (error) {
        if (error instanceof AuthError) return false;
        throw error;
      }
    },
  };
}

/** Refreshes unless someone else already replaced the token version the caller saw. */
export function refreshOnce(
  deps: OAuthDeps,
  connection: Connection,
  staleVersion: number | undefined,
): Promise<string> {
  const running = inFlight.get(connection.id);
  if (running) return running;
  const refresh = refreshUnderLock(deps, connection, staleVersion).finally(() =>
    inFlight.delete(connection.id),
  );
  inFlight.set(connection.id, refresh);
  return refresh;
}

async function refreshUnderLock(
  deps: OAuthDeps,
  connection: Connection,
  staleVersion: number | undefined,
): Promise<string> {
  const lockName = `oauth-refresh:${connection.id}`;
  const holder = randomUUID();
  if (!(await deps.locks.acquire(lockName, holder, LOCK_TTL_MS, LOCK_TTL_MS))) {
    throw new AuthError(
      `Timed out waiting for another process to refresh the token of "${connection.name}".`,
      {
        connection: connection.name,
      },
    );
  }
  try {
    // Another process may have refreshed while we waited for the lock.
    const current = await deps.secrets.get(connection.id, 'access_token');
    const fresh = current && (current.expiresAt ?? Number.POSITIVE_INFINITY) - Date.now() > REFRESH_MARGIN_MS;
    if (current && fresh && current.version !== staleVersion) return current.value;

    const tokens = await obtainTokens(deps, connection);
    if (tokens.refresh_token) await deps.secrets.put(connection.id, 'refresh_token', tokens.refresh_token);
    await deps.secrets.put(
      connection.id,
      'access_token',
      tokens.access_token,
      Date.now() + tokens.expires_in * 1000,
    );
    return tokens.access_token;
  } catch (error) {
    if (error instanceof AuthError && error.needsReauth) {
      await deps.connections.update(connection.id, { status: 'needs_reauth' });
      throw new AuthError(`Connection "${connection.name}" needs to be authorized again: ${error.message}`, {
        connection: connection.name,
        needsReauth: true,
        cause: error,
        hint: `Run \`ghl-bridge connect ghl --name ${connection.name}\`; its jobs wait until then.`,
      });
    }
    throw error;
  } finally {
    await deps.locks.release(lockName, holder);
  }
}

async function obtainTokens(deps: OAuthDeps, connection: Connection): Promise<TokenResponse> {
  const meta = connection.meta as OAuthMeta;
  const baseUrl = meta.baseUrl ?? 'https://services.leadconnectorhq.com';
  if (meta.agencyConnectionId) {
    const agency = await deps.connections.get(meta.agencyConnectionId);
    const agencyToken = await oauthCredentials(deps, agency).headers();
    const bearer = agencyToken.Authorization?.slice('Bearer '.length) ?? '';
    return mintLocationToken(baseUrl, bearer, String(meta.companyId), String(meta.locationId));
  }
  const refreshToken = await deps.secrets.get(connection.id, 'refresh_token');
  const clientSecret = await deps.secrets.get(connection.id, 'client_secret');
  if (!refreshToken || !clientSecret || !meta.clientId) {
    throw new AuthError(`Connection "${connection.name}" has no refresh token stored.`, {
      needsReauth: true,
    });
  }
  return refreshTokens(
    { baseUrl, clientId: meta.clientId, clientSecret: clientSecret.value },
    refreshToken.value,
    meta.userType ?? 'Location',
  );
}
