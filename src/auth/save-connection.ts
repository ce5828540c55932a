import { randomUUID } from 'node:crypto';
import { AuthError, ValidationError } from '../kernel/errors.ts';
import type { Connection, ConnectionsRepository } from '../store/connections.ts';
import type { LocksRepository } from '../store/locks.ts';
import type { SecretsRepository } from '../store/secrets.ts';
import {
  ACCESS_TOKEN,
  CLIENT_SECRET,
  type GhlConnectionMeta,
  ghlMeta,
  REFRESH_TOKEN,
} from './ghl-connection.ts';

export interface SaveConnectionDeps {
  connections: ConnectionsRepository;
  secrets: SecretsRepository;
  locks: LocksRepository;
}

export interface GhlConnectionInput {
  name: string;
  authType: 'oauth2' | 'private_token';
  scopes: string[];
  meta: GhlConnectionMeta;
  /** Written in this order (a refresh token before its access token). */
  secrets: { name: string; value: string; expiresAt?: number }[];
}

const VAULT_NAMES = [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET];

/**
 * Creates a GHL connection, or reconnects the one of that name in place (same id, so its flows,
 * cursors and held jobs carry on): new secrets replace the old, the status becomes `active`.
 * A name already used for another location or agency is refused; nothing is half-written.
 */
export async function saveGhlConnection(
  deps: SaveConnectionDeps,
  input: GhlConnectionInput,
): Promise<Connection> {
  const existing = await deps.connections.find(input.name);
  if (existing && existing.name === input.name) return reconnect(deps, existing, input);
  const created = await deps.connections.create({
    name: input.name,
    connector: 'ghl',
    authType: input.authType,
    scopes: input.scopes,
    meta: { ...input.meta },
  });
  try {
    for (const secret of input.secrets)
      await deps.secrets.put(created.id, secret.name, secret.value, secret.expiresAt ?? null);
  } catch (error) {
    await deps.secrets.remove(created.id);
    await deps.connections.remove(created.id);
    throw error;
  }
  return created;
}

async function reconnect(
  deps: SaveConnectionDeps,
  existing: Connection,
  input: GhlConnectionInput,
): Promise<Connection> {
  checkSameResource(existing, input);
  // Under the refresh lock, so that a refresh of the old grant cannot land after the new tokens.
  const lockName = `oauth-refresh:${existing.id}`;
  const holder = randomUUID();
  if (!(await deps.locks.acquire(lockName, holder, 60_000, 45_000))) {
    throw new AuthError(`Connection "${existing.name}" is busy refreshing its token; try again in a minute.`);
  }
  try {
    for (const secret of input.secrets)
      await deps.secrets.put(existing.id, secret.name, secret.value, secret.expiresAt ?? null);
    const kept = new Set(input.secrets.map((secret) => secret.name));
    for (const name of VAULT_NAMES) if (!kept.has(name)) await deps.secrets.remove(existing.id, name);
    await deps.connections.update(existing.id, {
      status: 'active',
      authType: input.authType,
      scopes: input.scopes,
      meta: { ...input.meta },
    });
  } finally {
    await deps.locks.release(lockName, holder);
  }
  if (input.meta.userType === 'Company') await reactivateMintedLocations(deps, existing.id);
  return deps.connections.get(existing.id);
}

function checkSameResource(existing: Connection, input: GhlConnectionInput): void {
  const before = ghlMeta(existing);
  const target = (meta: GhlConnectionMeta) =>
    meta.userType === 'Company' ? `agency ${meta.companyId}` : `location ${meta.locationId}`;
  const problem =
    existing.connector !== 'ghl'
      ? `"${existing.name}" is a ${existing.connector} connection`
      : target(before) !== target(input.meta)
        ? `"${existing.name}" is connected to ${target(before)}, and this is ${target(input.meta)}`
        : undefined;
  if (problem) {
    throw new ValidationError('connection name', [
      { path: 'name', message: `${problem}; choose another --name` },
    ]);
  }
}

/** Location connections minted from an agency wait on it; once it is back, so are they. */
async function reactivateMintedLocations(deps: SaveConnectionDeps, agencyId: string): Promise<void> {
  for (const connection of await deps.connections.list('ghl')) {
    if (ghlMeta(connection).agencyConnectionId !== agencyId || connection.status !== 'needs_reauth') continue;
    const { reauthReason: _reason, reauthSince: _since, ...meta } = ghlMeta(connection);
    await deps.connections.update(connection.id, { status: 'active', meta: { ...meta } });
  }
}
