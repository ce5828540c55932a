import { createHttpClient } from '../../http/index.ts';
import { ApiError, AuthError, ValidationError } from '../../kernel/errors.ts';
import type { Connection } from '../../store/connections.ts';
import { reconnectable, saveApiKeyConnection } from '../api-key-connection.ts';
import type { ConnectorServices } from '../services.ts';
import { GLEANTAP_BASE_URL, GleantapClient } from './client.ts';

export interface GleantapConnectInput {
  name: string;
  appId: string;
  apiKey: string;
  secretKey: string;
  /** Another API root, e.g. the sandbox's `http://127.0.0.1:4012`. */
  baseUrl?: string;
  /** IANA time zone in which Gleantap reads `updated_since` dates, if not UTC. */
  timezone?: string;
}

/**
 * Saves a Gleantap connection once the keys are proven to work for the app_id (one
 * `getCustomers` of one record, sent before anything is written, so refused keys leave nothing
 * behind). Connecting again under the same name and app_id replaces the keys in place.
 */
export async function connectGleantap(
  services: ConnectorServices,
  input: GleantapConnectInput,
): Promise<Connection> {
  const issues = [
    ...(input.appId.trim() ? [] : [{ path: 'appId', message: 'is empty' }]),
    ...(input.apiKey.trim() ? [] : [{ path: 'apiKey', message: 'is empty' }]),
    ...(input.secretKey.trim() ? [] : [{ path: 'secretKey', message: 'is empty' }]),
    ...(input.timezone && !isTimeZone(input.timezone)
      ? [{ path: 'timezone', message: 'must be an IANA time zone such as America/Chicago' }]
      : []),
  ];
  if (issues.length > 0) throw new ValidationError('Gleantap connection', issues);
  const existing = await reconnectable(services, input.name, 'gleantap', {
    field: 'appId',
    value: input.appId,
  });
  await checkKeys(services, input);
  return saveApiKeyConnection(services, existing, {
    name: input.name,
    connector: 'gleantap',
    meta: {
      appId: input.appId,
      ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
      ...(input.timezone ? { timezone: input.timezone } : {}),
    },
    secrets: { api_key: input.apiKey, secret_key: input.secretKey },
  });
}

async function checkKeys(services: ConnectorServices, input: GleantapConnectInput): Promise<void> {
  const http = createHttpClient({
    baseUrl: input.baseUrl ?? GLEANTAP_BASE_URL,
    auth: { headers: async () => ({ 'X-API-KEY': input.apiKey, 'X-SECRET-KEY': input.secretKey }) },
    throttle: services.throttleFor('gleantap'),
    rateLimitKey: `gleantap:${input.appId}`,
    ...(services.timeoutMs ? { timeoutMs: services.timeoutMs } : {}),
  });
  try {
    await new GleantapClient(http, input.appId).call('getCustomers', { limit: 1 }, { idempotent: true });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      throw new AuthError(`Gleantap refused the API key, secret key or app_id "${input.appId}".`, {
        hint: 'Check the three values your Gleantap account manager gave you. Nothing was saved.',
      });
    }
    throw error;
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
