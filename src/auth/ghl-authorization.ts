import { createHash, randomBytes } from 'node:crypto';
import { AuthError } from '../kernel/errors.ts';
import type { Connection } from '../store/connections.ts';
import type { OAuthStateRecord, OAuthStatesRepository, StateRefusal } from '../store/oauth-states.ts';
import { connectAgencyLocation } from './connect-agency-location.ts';
import { ACCESS_TOKEN, CLIENT_SECRET, type GhlConnectionMeta, REFRESH_TOKEN } from './ghl-connection.ts';
import { authorizeUrl, exchangeCode, type GhlUserType, splitScopes } from './ghl-oauth.ts';
import type { OAuthDeps } from './oauth-credentials.ts';
import { type SaveConnectionDeps, saveGhlConnection } from './save-connection.ts';

/** How long the consent link stays usable (GHL's codes live 10 minutes too). */
export const STATE_TTL_MS = 10 * 60 * 1000;

export type AuthorizationDeps = OAuthDeps & SaveConnectionDeps & { oauthStates: OAuthStatesRepository };

export interface AuthorizationRequest {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** GHL API (token endpoint) base URL. */
  baseUrl: string;
  marketplaceUrl: string;
  scopes: string[];
  userType: GhlUserType;
  /** Connection name; default `ghl-<locationId>` or `ghl-agency-<companyId>`. */
  name?: string;
  /** Agency only: location connections to mint as soon as the agency is connected. */
  locations?: { locationId: string; name?: string }[];
  ttlMs?: number;
}

/** What the state row keeps: the request without its secret (which waits in the vault). */
type PendingAuthorization = Omit<AuthorizationRequest, 'clientSecret' | 'ttlMs'>;

export interface StartedAuthorization {
  url: string;
  /** The digest under which the pending authorization is stored, for `awaitAuthorization`. */
  stateId: string;
  expiresAt: number;
}

export interface AuthorizationOutcome {
  connection: Connection;
  /** Location connections minted from an agency connection. */
  locations: Connection[];
}

const pendingOwner = (stateId: string) => `oauth-state:${stateId}`;

export function stateDigest(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

/** Records a one-use random `state` (10 minutes) and returns the consent URL to open. */
export async function startGhlAuthorization(
  deps: AuthorizationDeps,
  request: AuthorizationRequest,
): Promise<StartedAuthorization> {
  const state = randomBytes(32).toString('base64url');
  const stateId = stateDigest(state);
  const expiresAt = Date.now() + (request.ttlMs ?? STATE_TTL_MS);
  const { clientSecret, ttlMs: _ttl, ...pending } = request;
  const purged = await deps.oauthStates.create({
    id: stateId,
    connector: 'ghl',
    request: pending,
    expiresAt,
  });
  for (const old of purged) await deps.secrets.remove(pendingOwner(old));
  await deps.secrets.put(pendingOwner(stateId), CLIENT_SECRET, clientSecret, expiresAt);
  const url = authorizeUrl({
    marketplaceUrl: request.marketplaceUrl,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    state,
  });
  return { url, stateId, expiresAt };
}

export interface CallbackParams {
  state?: string | undefined;
  code?: string | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
}

/**
 * The redirect back from GHL: the state must be one we issued, unused and unexpired (otherwise
 * nothing is exchanged); then the code is exchanged and the connection saved with its
 * location/company ids, user type and granted scopes, its tokens in the vault.
 */
export async function completeGhlAuthorization(
  deps: AuthorizationDeps,
  params: CallbackParams,
): Promise<AuthorizationOutcome> {
  if (!params.state) throw refused('unknown');
  const stateId = stateDigest(params.state);
  const taken = await deps.oauthStates.take<PendingAuthorization>(stateId);
  if (typeof taken === 'string') throw refused(taken);
  try {
    const outcome = await exchangeAndSave(deps, taken, params);
    await deps.oauthStates.finish(stateId, { connectionId: outcome.connection.id });
    return outcome;
  } catch (error) {
    await deps.oauthStates.finish(stateId, { error: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    await deps.secrets.remove(pendingOwner(stateId));
  }
}

async function exchangeAndSave(
  deps: AuthorizationDeps,
  pending: OAuthStateRecord<PendingAuthorization>,
  params: CallbackParams,
): Promise<AuthorizationOutcome> {
  const request = pending.request;
  if (params.error) {
    const detail = params.errorDescription ? ` (${params.errorDescription.slice(0, 200)})` : '';
    throw new AuthError(`GHL did not authorize the app: ${params.error.slice(0, 100)}${detail}.`, {
      hint: 'Run `ghl-bridge connect ghl` again and approve the request.',
    });
  }
  if (!params.code) throw new AuthError('The callback carries no authorization code.');
  const clientSecret = await deps.secrets.get(pendingOwner(pending.id), CLIENT_SECRET);
  if (!clientSecret)
    throw new AuthError('The app credentials of this authorization are gone.', { hint: RESTART });
  const tokens = await exchangeCode(
    {
      baseUrl: request.baseUrl,
      clientId: request.clientId,
      clientSecret: clientSecret.value,
      timeoutMs: deps.timeoutMs ?? 30_000,
    },
    params.code,
    request.redirectUri,
    request.userType,
  );
  const userType = tokens.userType ?? request.userType;
  const resource = userType === 'Company' ? tokens.companyId : tokens.locationId;
  if (!resource) {
    throw new AuthError(
      `GHL answered a ${userType} token without its ${userType === 'Company' ? 'companyId' : 'locationId'}.`,
      {
        hint:
          userType === 'Location'
            ? 'If the app was installed on the whole agency, connect with --agency.'
            : RESTART,
      },
    );
  }
  const meta: GhlConnectionMeta = {
    baseUrl: request.baseUrl,
    userType,
    clientId: request.clientId,
    marketplaceUrl: request.marketplaceUrl,
    redirectUri: request.redirectUri,
    ...(tokens.companyId ? { companyId: tokens.companyId } : {}),
    ...(userType === 'Location' ? { locationId: resource } : {}),
    ...(tokens.userId ? { userId: tokens.userId } : {}),
    ...(userType === 'Company' && tokens.approvedLocations
      ? { approvedLocations: tokens.approvedLocations }
      : {}),
  };
  const granted = splitScopes(tokens.scope);
  const connection = await saveGhlConnection(deps, {
    name: request.name ?? (userType === 'Company' ? `ghl-agency-${resource}` : `ghl-${resource}`),
    authType: 'oauth2',
    scopes: granted.length > 0 ? granted : request.scopes,
    meta,
    secrets: [
      { name: CLIENT_SECRET, value: clientSecret.value },
      ...(tokens.refresh_token ? [{ name: REFRESH_TOKEN, value: tokens.refresh_token }] : []),
      { name: ACCESS_TOKEN, value: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000 },
    ],
  });
  const locations: Connection[] = [];
  if (userType === 'Company') {
    for (const wanted of request.locations ?? []) {
      locations.push(await connectAgencyLocation(deps, { agency: connection, ...wanted }));
    }
  }
  return { connection, locations };
}

const RESTART = 'Run `ghl-bridge connect ghl` again.';

function refused(reason: StateRefusal): AuthError {
  const why = {
    unknown: 'does not match any authorization this bridge started',
    used: 'was already used',
    expired: 'has expired',
  }[reason];
  return new AuthError(`The authorization's state ${why}, so its code was not exchanged.`, {
    hint: `Run \`ghl-bridge connect ghl\` again and approve within ${STATE_TTL_MS / 60_000} minutes.`,
  });
}

export interface AwaitOptions {
  pollMs?: number;
  signal?: AbortSignal;
}

/** Waits until whoever receives the callback (the server, or the CLI's listener) has finished it. */
export async function awaitAuthorization(
  deps: AuthorizationDeps,
  stateId: string,
  options: AwaitOptions = {},
): Promise<AuthorizationOutcome> {
  for (;;) {
    options.signal?.throwIfAborted();
    const row = await deps.oauthStates.get(stateId);
    if (!row) throw refused('unknown');
    if (row.connectionId) {
      const connection = await deps.connections.get(row.connectionId);
      const locations = (await deps.connections.list('ghl')).filter(
        (other) => other.meta.agencyConnectionId === connection.id && other.updatedAt >= row.createdAt,
      );
      return { connection, locations };
    }
    if (row.error) throw new AuthError(row.error);
    if (row.usedAt === null && row.expiresAt <= Date.now()) throw refused('expired');
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}
