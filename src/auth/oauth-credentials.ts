import { randomUUID } from 'node:crypto';
import { createHttpClient } from '../http/index.ts';
import type { AuthStrategy } from '../http/types.ts';
import { AuthError } from '../kernel/errors.ts';
import type { Connection, ConnectionsRepository } from '../store/connections.ts';
import type { LocksRepository } from '../store/locks.ts';
import type { SecretsRepository } from '../store/secrets.ts';
import {
  ACCESS_TOKEN,
  apiUrlOf,
  CLIENT_SECRET,
  ghlMeta,
  isFresh,
  REFRESH_TOKEN,
  reconnectCommand,
  storeTokens,
} from './ghl-connection.ts';
import { mintLocationToken, refreshTokens, type TokenResponse } from './ghl-oauth.ts';

export { REFRESH_MARGIN_MS } from './ghl-connection.ts';

// Longer than a refresh can take (30 s timeout), so a live holder never loses the lock.
const LOCK_TTL_MS = 60_000;
const LOCK_WAIT_MS = 45_000;

export interface OAuthDeps {
  connections: ConnectionsRepository;
  secrets: SecretsRepository;
  locks: LocksRepository;
  /** Per-attempt timeout of token requests. */
  timeoutMs?: number;
}

// One refresh in flight per connection in this process; the database lock covers other processes.
const inFlight = new Map<string, Promise<string>>();

/**
 * Access tokens of an OAuth connection: read from the vault, refreshed 15 minutes before
 * expiry or after a 401, one refresh at a time per connection across processes. The rotated
 * refresh token is stored before the new access token is used; a refused refresh marks the
 * connection `needs_reauth` and throws an AuthError with `needsReauth` (jobs hold on it).
 */
export function oauthCredentials(deps: OAuthDeps, connection: Connection): AuthStrategy {
  return {
    async headers() {
      return { Authorization: `Bearer ${await accessTokenFor(deps, connection)}` };
    },
    async onUnauthorized(refused) {
      await refreshOnce(deps, connection, bearerOf(refused));
      return true;
    },
  };
}

/** A usable access token: the stored one while it is fresh, otherwise a refreshed one. */
export async function accessTokenFor(deps: OAuthDeps, connection: Connection): Promise<string> {
  const stored = await deps.secrets.get(connection.id, ACCESS_TOKEN);
  if (stored && isFresh(stored)) return stored.value;
  return refreshOnce(deps, connection, stored?.value);
}

/** Replaces `stale` (the token that expired or was refused) unless someone already has. */
export function refreshOnce(
  deps: OAuthDeps,
  connection: Connection,
  stale: string | undefined,
): Promise<string> {
  const running = inFlight.get(connection.id);
  if (running) return running;
  const refresh = refreshUnderLock(deps, connection, stale).finally(() => inFlight.delete(connection.id));
  inFlight.set(connection.id, refresh);
  return refresh;
}

async function refreshUnderLock(
  deps: OAuthDeps,
  connection: Connection,
  stale: string | undefined,
): Promise<string> {
  const lockName = `oauth-refresh:${connection.id}`;
  const holder = randomUUID();
  if (!(await deps.locks.acquire(lockName, holder, LOCK_TTL_MS, LOCK_WAIT_MS))) {
    const replaced = await replacement(deps, connection.id, stale);
    if (replaced) return replaced;
    throw new AuthError(
      `Timed out waiting for another process to refresh the token of "${connection.name}".`,
      {
        connection: connection.name,
        hint: 'The call can be tried again.',
      },
    );
  }
  try {
    // Another process (or an earlier refresh here) may have replaced the token meanwhile.
    const replaced = await replacement(deps, connection.id, stale);
    if (replaced) return replaced;
    const latest = await deps.connections.find(connection.id);
    if (!latest)
      throw new AuthError(`Connection "${connection.name}" no longer exists.`, {
        connection: connection.name,
      });
    if (latest.status !== 'active') throw await inactive(deps, latest);
    try {
      const tokens = await obtainTokens(deps, latest);
      await storeTokens(deps.secrets, latest.id, tokens);
      return tokens.access_token;
    } catch (error) {
      if (error instanceof AuthError && error.needsReauth) throw await markNeedsReauth(deps, latest, error);
      throw error;
    }
  } finally {
    await deps.locks.release(lockName, holder);
  }
}

async function replacement(deps: OAuthDeps, connectionId: string, stale: string | undefined) {
  const current = await deps.secrets.get(connectionId, ACCESS_TOKEN);
  return current && isFresh(current) && current.value !== stale ? current.value : undefined;
}

async function obtainTokens(deps: OAuthDeps, connection: Connection): Promise<TokenResponse> {
  const meta = ghlMeta(connection);
  const timeoutMs = deps.timeoutMs ?? 30_000;
  if (meta.agencyConnectionId) {
    const agency = await deps.connections.find(meta.agencyConnectionId);
    if (agency?.status !== 'active') {
      throw new AuthError(
        agency
          ? `Its agency connection "${agency.name}" is ${agency.status.replace('_', ' ')}.`
          : 'Its agency connection was removed.',
        { needsReauth: true },
      );
    }
    const http = createHttpClient({
      baseUrl: apiUrlOf(connection),
      auth: oauthCredentials(deps, agency),
      timeoutMs,
    });
    return mintLocationToken(http, String(meta.companyId), String(meta.locationId));
  }
  const refreshToken = await deps.secrets.get(connection.id, REFRESH_TOKEN);
  const clientSecret = await deps.secrets.get(connection.id, CLIENT_SECRET);
  if (!refreshToken || !clientSecret || !meta.clientId) {
    throw new AuthError('No refresh token or app credentials are stored for it.', { needsReauth: true });
  }
  return refreshTokens(
    { baseUrl: apiUrlOf(connection), clientId: meta.clientId, clientSecret: clientSecret.value, timeoutMs },
    refreshToken.value,
    meta.userType ?? 'Location',
  );
}

async function markNeedsReauth(
  deps: OAuthDeps,
  connection: Connection,
  cause: AuthError,
): Promise<AuthError> {
  const reason = cause.message.replace(/\s*$/, '');
  await deps.connections.update(connection.id, {
    status: 'needs_reauth',
    meta: { ...connection.meta, reauthReason: reason, reauthSince: new Date().toISOString() },
  });
  return new AuthError(`Connection "${connection.name}" must be authorized again: ${reason}`, {
    connection: connection.name,
    needsReauth: true,
    cause,
    hint: `Run \`${await reconnectHintCommand(deps, connection)}\`; its queued work waits until then.`,
  });
}

async function inactive(deps: OAuthDeps, connection: Connection): Promise<AuthError> {
  const needsReauth = connection.status === 'needs_reauth';
  return new AuthError(`Connection "${connection.name}" is ${connection.status.replace('_', ' ')}.`, {
    connection: connection.name,
    needsReauth,
    hint: `Run \`${await reconnectHintCommand(deps, connection)}\`${needsReauth ? '; its queued work waits until then' : ''}.`,
  });
}

async function reconnectHintCommand(deps: OAuthDeps, connection: Connection): Promise<string> {
  const agencyId = ghlMeta(connection).agencyConnectionId;
  const agency = agencyId ? await deps.connections.find(agencyId) : undefined;
  return reconnectCommand(connection, agency?.name);
}

function bearerOf(headers: Record<string, string>): string | undefined {
  const value = headers.Authorization ?? headers.authorization;
  return value?.startsWith('Bearer ') ? value.slice('Bearer '.length) : undefined;
}
