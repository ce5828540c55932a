import type { ClientDeps, ConnectionInfo, HttpClientLike, QueryValueLike } from '../../kernel/define.ts';
import { ConfigError } from '../../kernel/errors.ts';

export const GLEAP_BASE_URL = 'https://api.gleap.io/v3';

export interface GleapCallOptions {
  query?: Record<string, QueryValueLike>;
  body?: unknown;
  /** Safe to send twice (a look-up, an update by id): may be retried after an ambiguous failure. */
  idempotent?: boolean;
  signal?: AbortSignal | undefined;
}

/**
 * A thin layer over the shared HTTP client for Gleap's v3 API: JSON in and out, paths built
 * with `gleapPath`. The `Authorization` and `Project` headers, throttling (1,000 requests per
 * 60 s per project) and retries live below, in the connection's HTTP client.
 */
export class GleapClient {
  readonly projectId: string;
  readonly #http: HttpClientLike;

  constructor(http: HttpClientLike, projectId: string) {
    this.#http = http;
    this.projectId = projectId;
  }

  async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: GleapCallOptions = {}) {
    const response = await this.#http.request<T>({
      method,
      path,
      ...(options.query ? { query: options.query } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.idempotent ? { idempotent: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return response.data;
  }

  get<T>(path: string, options: Omit<GleapCallOptions, 'body'> = {}): Promise<T> {
    return this.call<T>('GET', path, options);
  }
}

/** `gleapPath\`/sessions/${id}\`` encodes each value and refuses an empty one (it would address the list). */
export function gleapPath(parts: TemplateStringsArray, ...values: string[]): string {
  return parts.reduce((path, part, i) => {
    if (i === 0) return part;
    const value = values[i - 1];
    if (value === undefined || value === '')
      throw new TypeError(`A path parameter of ${parts.join('…')} is empty.`);
    return `${path}${encodeURIComponent(value)}${part}`;
  });
}

export function gleapProjectId(connection: ConnectionInfo): string {
  const projectId = connection.meta.projectId;
  if (typeof projectId !== 'string' || projectId === '') {
    throw new ConfigError(
      [{ setting: `connection ${connection.name}`, problem: 'has no Gleap project id (meta.projectId)' }],
      'Reconnect it with the project id shown under Project Settings → Security in Gleap.',
    );
  }
  return projectId;
}

/** Gleap wants both the API key and the project on every request. */
export function gleapCredentialHeaders(secrets: Record<string, string>, connection: ConnectionInfo) {
  return { Authorization: `Bearer ${secrets.api_key}`, Project: gleapProjectId(connection) };
}

export function createGleapClient({ http, connection }: ClientDeps): GleapClient {
  return new GleapClient(http, gleapProjectId(connection));
}
