import { randomBytes } from 'node:crypto';
import { bearerAuth, createHttpClient, type HttpClient } from '../http/index.ts';
import { ApiError, AuthError, BridgeError, ValidationError } from '../kernel/errors.ts';
import type { Connection } from '../store/connections.ts';
import { ACCESS_TOKEN } from './ghl-connection.ts';
import { READ_SCOPE, WRITE_SCOPE } from './ghl-oauth.ts';
import { type SaveConnectionDeps, saveGhlConnection } from './save-connection.ts';

export interface PrivateTokenRequest {
  token: string;
  locationId: string;
  baseUrl: string;
  /** Default `ghl-<locationId>`. */
  name?: string;
  /** The token's scopes as the user states them; detected when absent. */
  scopes?: string[];
  timeoutMs?: number;
}

export interface PrivateTokenOutcome {
  connection: Connection;
  /** Whether the scopes were found by probing rather than given. */
  detected: boolean;
}

const HEADERS = { Version: '2021-07-28', Accept: 'application/json' };

/**
 * A Private Integration Token connection. The token is checked with one cheap read (a
 * one-contact search of the location) before anything is saved; a refused token saves nothing.
 * Without `scopes`, write access is detected with an update of a contact id that cannot exist
 * (see docs/auth.md), which changes nothing.
 */
export async function connectPrivateToken(
  deps: SaveConnectionDeps,
  request: PrivateTokenRequest,
): Promise<PrivateTokenOutcome> {
  const token = request.token.trim();
  const locationId = request.locationId.trim();
  const problems = [
    ...(token ? [] : [{ path: 'token', message: 'is empty' }]),
    ...(locationId ? [] : [{ path: 'location', message: 'a location id is required with --token' }]),
  ];
  if (problems.length > 0) throw new ValidationError('Private Integration Token connection', problems);

  const http = createHttpClient({
    baseUrl: request.baseUrl,
    auth: bearerAuth(token),
    timeoutMs: request.timeoutMs ?? 30_000,
    retry: { maxAttempts: 3 },
  });
  await verifyRead(http, locationId);
  const detected = request.scopes === undefined;
  const scopes = new Set([READ_SCOPE, ...(request.scopes ?? [])]);
  if (detected && (await mayWrite(http))) scopes.add(WRITE_SCOPE);

  const connection = await saveGhlConnection(deps, {
    name: request.name ?? `ghl-${locationId}`,
    authType: 'private_token',
    scopes: [...scopes],
    meta: { baseUrl: request.baseUrl, locationId, userType: 'Location' },
    secrets: [{ name: ACCESS_TOKEN, value: token }],
  });
  return { connection, detected };
}

async function verifyRead(http: HttpClient, locationId: string): Promise<void> {
  try {
    await http.request({
      method: 'POST',
      path: '/contacts/search',
      body: { locationId, pageLimit: 1 },
      headers: HEADERS,
      idempotent: true,
    });
  } catch (error) {
    const nothingSaved = 'Nothing was saved.';
    if (error instanceof ApiError && error.status === 401) {
      throw new AuthError(`GHL refused the token (401: ${messageOf(error)}).`, {
        hint: `Check that it was copied whole, has not been rotated, and has the ${READ_SCOPE} scope. ${nothingSaved}`,
      });
    }
    if (error instanceof ApiError && error.status === 403) {
      throw new AuthError(`The token has no access to location ${locationId} (403).`, {
        hint: `Check the location id: a sub-account token works for its own location only. ${nothingSaved}`,
      });
    }
    if (error instanceof BridgeError) {
      throw new AuthError(`Could not verify the token: ${error.message}`, {
        cause: error,
        hint: nothingSaved,
      });
    }
    throw error;
  }
}

/** Scopes are checked before the contact is looked up, so "not found" means writing is allowed. */
async function mayWrite(http: HttpClient): Promise<boolean> {
  const impossibleId = `scopeprobe${randomBytes(5).toString('hex')}`;
  try {
    await http.request({ method: 'PUT', path: `/contacts/${impossibleId}`, body: {}, headers: HEADERS });
    return true;
  } catch (error) {
    if (error instanceof ApiError) return error.status !== 401 && error.status !== 403 && error.status < 500;
    return false;
  }
}

function messageOf(error: ApiError): string {
  const message = (error.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message.slice(0, 200) : 'no reason given';
}
