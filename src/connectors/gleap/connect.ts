import { createHttpClient } from '../../http/index.ts';
import { ApiError, AuthError, ValidationError } from '../../kernel/errors.ts';
import type { Connection } from '../../store/connections.ts';
import { reconnectable, saveApiKeyConnection } from '../api-key-connection.ts';
import type { ConnectorServices } from '../services.ts';
import { GLEAP_BASE_URL } from './client.ts';
import { gleapWebhookPath, gleapWebhookSecret } from './webhook.ts';

export interface GleapConnectInput {
  name: string;
  /** Project Settings → Security → API key. */
  apiKey: string;
  /** Shown on the same page as the API key. */
  projectId: string;
  /** Another API root, e.g. the sandbox's `http://127.0.0.1:4011`. */
  baseUrl?: string;
}

export interface GleapConnected {
  connection: Connection;
  /** Path to append to the bridge's public URL and paste into Gleap's webhook settings. */
  webhookPath: string;
}

/**
 * Saves a Gleap connection once the key is proven to work for the project (`GET /users/me`,
 * sent before anything is written, so a refused key leaves nothing behind). Connecting again
 * under the same name and project replaces the key in place and keeps the webhook URL.
 */
export async function connectGleap(
  services: ConnectorServices,
  input: GleapConnectInput,
): Promise<GleapConnected> {
  const issues = [
    ...(/^[0-9a-f]{24}$/i.test(input.projectId)
      ? []
      : [{ path: 'projectId', message: 'must be 24 hexadecimal characters' }]),
    ...(input.apiKey.trim() ? [] : [{ path: 'apiKey', message: 'is empty' }]),
  ];
  if (issues.length > 0) throw new ValidationError('Gleap connection', issues);
  const existing = await reconnectable(services, input.name, 'gleap', {
    field: 'projectId',
    value: input.projectId,
  });
  await checkKey(services, input);
  const connection = await saveApiKeyConnection(services, existing, {
    name: input.name,
    connector: 'gleap',
    meta: { projectId: input.projectId, ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}) },
    secrets: { api_key: input.apiKey },
  });
  const secret = await gleapWebhookSecret(services.secrets, connection.id);
  return {
    connection,
    webhookPath: gleapWebhookPath(connection.id, secret),
  };
}

async function checkKey(services: ConnectorServices, input: GleapConnectInput): Promise<void> {
  const http = createHttpClient({
    baseUrl: input.baseUrl ?? GLEAP_BASE_URL,
    auth: { headers: async () => ({ Authorization: `Bearer ${input.apiKey}`, Project: input.projectId }) },
    throttle: services.throttleFor('gleap'),
    rateLimitKey: `gleap:${input.projectId}`,
    ...(services.timeoutMs ? { timeoutMs: services.timeoutMs } : {}),
  });
  try {
    await http.request({ method: 'GET', path: '/users/me' });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new AuthError('Gleap refused the API key.', {
        hint: 'Copy it again from Project Settings → Security in Gleap. Nothing was saved.',
      });
    }
    if (error instanceof ApiError && error.status === 403) {
      throw new AuthError(`The API key does not belong to Gleap project ${input.projectId}.`, {
        hint: 'Check the project id shown beside the key. Nothing was saved.',
      });
    }
    throw error;
  }
}
