import type { Connection } from '../store/connections.ts';
import type { SecretRecord, SecretsRepository } from '../store/secrets.ts';
import { GHL_API_URL, type GhlUserType, type TokenResponse, WRITE_SCOPE } from './ghl-oauth.ts';

/** Names of a GHL connection's entries in the vault. */
export const ACCESS_TOKEN = 'access_token';
export const REFRESH_TOKEN = 'refresh_token';
export const CLIENT_SECRET = 'client_secret';

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 15 * 60 * 1000;

/** What a GHL connection records in its (non-secret) meta. */
export interface GhlConnectionMeta {
  baseUrl?: string;
  locationId?: string;
  companyId?: string;
  userType?: GhlUserType;
  userId?: string;
  /** OAuth app that issued the tokens; its secret is in the vault. */
  clientId?: string;
  marketplaceUrl?: string;
  redirectUri?: string;
  /** Agency connections: the locations the install covers. */
  approvedLocations?: string[];
  /** Location connections whose tokens are minted from an agency connection. */
  agencyConnectionId?: string;
  /** Set when the connection was marked `needs_reauth`: why and when (ISO time). */
  reauthReason?: string;
  reauthSince?: string;
}

export function ghlMeta(connection: Connection): GhlConnectionMeta {
  return connection.meta as GhlConnectionMeta;
}

export function apiUrlOf(connection: Connection): string {
  return ghlMeta(connection).baseUrl ?? GHL_API_URL;
}

/** Stores a token answer, the rotated refresh token first: a crash between the writes never loses it. */
export async function storeTokens(
  secrets: SecretsRepository,
  connectionId: string,
  tokens: TokenResponse,
  now = Date.now(),
): Promise<void> {
  if (tokens.refresh_token) await secrets.put(connectionId, REFRESH_TOKEN, tokens.refresh_token);
  await secrets.put(connectionId, ACCESS_TOKEN, tokens.access_token, now + tokens.expires_in * 1000);
}

/**
 * 15 minutes, or half the token's lifetime when that is shorter, so that a short-lived token
 * (a sandbox set to minutes) is not refreshed on every call.
 */
export function refreshMarginMs(record: SecretRecord): number {
  if (record.expiresAt === null) return 0;
  return Math.min(REFRESH_MARGIN_MS, Math.max(0, record.expiresAt - record.updatedAt) / 2);
}

export function isFresh(record: SecretRecord, now = Date.now()): boolean {
  return record.expiresAt === null || record.expiresAt - now > refreshMarginMs(record);
}

/** The command that brings this connection back, for error hints and `doctor`. */
export function reconnectCommand(connection: Connection, agencyName?: string): string {
  const meta = ghlMeta(connection);
  const write = connection.scopes.includes(WRITE_SCOPE) ? ' --write' : '';
  if (connection.connector !== 'ghl')
    return `ghl-bridge connect ${connection.connector} --name ${connection.name}`;
  if (connection.authType === 'private_token') {
    return `ghl-bridge connect ghl --token <new token> --location ${meta.locationId ?? '<location id>'} --name ${connection.name}`;
  }
  if (meta.agencyConnectionId) {
    const agency = agencyName ?? meta.agencyConnectionId;
    return `ghl-bridge connect ghl --from-agency ${agency} --location ${meta.locationId} --name ${connection.name} (after reconnecting the agency connection "${agency}" if it needs it)`;
  }
  if (meta.userType === 'Company') return `ghl-bridge connect ghl --agency --name ${connection.name}${write}`;
  return `ghl-bridge connect ghl --name ${connection.name}${write}`;
}
