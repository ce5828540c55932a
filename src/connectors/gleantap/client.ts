import type { ClientDeps, ConnectionInfo, HttpClientLike } from '../../kernel/define.ts';
import { ApiError, ConfigError } from '../../kernel/errors.ts';

export const GLEANTAP_BASE_URL = 'https://api.gleantap.com';
const PREFIX = '/v2/ExternalApi';

/** The documented External API methods, each a POST to `/v2/ExternalApi/<method>`. */
export type GleantapMethod =
  | 'getCustomers'
  | 'getOptinCustomers'
  | 'getOptoutCustomers'
  | 'newContact'
  | 'optin'
  | 'newEvent'
  | 'removeContact'
  | 'mergeContacts'
  | 'sendSmsNotification';

export interface GleantapCallOptions {
  /** Reads and upserts: safe to send again after an ambiguous failure. */
  idempotent?: boolean;
  signal?: AbortSignal | undefined;
}

/**
 * Gleantap's External API: every method is a POST with a JSON body that carries `app_id`
 * (`sendSmsNotification` takes it in its path instead). The keys travel as `X-API-KEY` and
 * `X-SECRET-KEY`, added below with throttling and retries by the connection's HTTP client.
 */
export class GleantapClient {
  readonly appId: string;
  readonly #http: HttpClientLike;

  constructor(http: HttpClientLike, appId: string) {
    this.#http = http;
    this.appId = appId;
  }

  async call<T>(method: GleantapMethod, body: Record<string, unknown>, options: GleantapCallOptions = {}) {
    const smsPath = method === 'sendSmsNotification';
    const path = smsPath ? `${PREFIX}/${method}/${encodeURIComponent(this.appId)}` : `${PREFIX}/${method}`;
    const response = await this.#http.request<T>({
      method: 'POST',
      path,
      body: smsPath ? body : { app_id: this.appId, ...body },
      ...(options.idempotent ? { idempotent: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const data = response.data as unknown;
    // Error bodies are undocumented ({ status: false, message } where seen); one that comes with
    // a 200 is still a refusal, never a success.
    if (data && typeof data === 'object' && (data as { status?: unknown }).status === false) {
      throw new ApiError('POST', path, response.status, data, {
        hint: 'Gleantap refused the request although it answered 200; see its message.',
      });
    }
    return response.data;
  }
}

export function gleantapAppId(connection: ConnectionInfo): string {
  const appId = connection.meta.appId;
  if (typeof appId !== 'string' || appId === '') {
    throw new ConfigError(
      [{ setting: `connection ${connection.name}`, problem: 'has no Gleantap app_id (meta.appId)' }],
      'Reconnect it with the app_id of your Gleantap account.',
    );
  }
  return appId;
}

export function gleantapCredentialHeaders(secrets: Record<string, string>): Record<string, string> {
  return { 'X-API-KEY': secrets.api_key ?? '', 'X-SECRET-KEY': secrets.secret_key ?? '' };
}

export function createGleantapClient({ http, connection }: ClientDeps): GleantapClient {
  return new GleantapClient(http, gleantapAppId(connection));
}
