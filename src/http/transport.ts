import { NetworkError, type NetworkFailure, ValidationError } from '../kernel/errors.ts';
import type { HttpRequest, RawResponse, Send } from './types.ts';
import { buildUrl, pathOf, toSearchParams } from './url.ts';

export interface TransportOptions {
  baseUrl: string;
  defaultHeaders?: Record<string, string>;
  /** Per attempt; the time spent waiting in the throttle does not count. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** The bottom layer: one HTTP exchange through `fetch`, any status returned as is. */
export function createFetchTransport(options: TransportOptions): Send {
  const doFetch = options.fetch ?? fetch;
  return async (req, ctx) => {
    const url = buildUrl(options.baseUrl, req.path, req.query);
    const timeout = AbortSignal.timeout(req.timeoutMs ?? options.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const init: RequestInit = {
      method: req.method,
      headers: lowerCaseNames({ accept: 'application/json', ...options.defaultHeaders, ...req.headers }),
      signal,
    };
    setBody(init, req);
    ctx.sent += 1;
    try {
      const response = await doFetch(url, init);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const text = await response.text();
      return { status: response.status, headers, data: parseBody(text, headers['content-type']) };
    } catch (error) {
      // The caller's own cancellation is not a network failure: pass its reason through untouched.
      if (req.signal?.aborted) throw req.signal.reason;
      const failure: NetworkFailure = timeout.aborted ? 'timeout' : classifyNetworkFailure(error);
      throw new NetworkError(req.method, pathOf(req.path), failure, { cause: error });
    }
  };
}

function setBody(init: RequestInit, req: HttpRequest): void {
  if (req.body !== undefined && req.form !== undefined) {
    throw new ValidationError(`request ${req.method} ${pathOf(req.path)}`, [
      { path: 'body', message: 'give either a JSON body or a form, not both' },
    ]);
  }
  const headers = init.headers as Record<string, string>;
  if (req.body !== undefined) {
    init.body = JSON.stringify(req.body);
    headers['content-type'] ??= 'application/json';
  } else if (req.form !== undefined) {
    init.body = toSearchParams(req.form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
}

/** Later entries win, whatever the case in which each layer spelled the name. */
function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

function parseBody(text: string, contentType: string | undefined): RawResponse['data'] {
  if (text === '') return undefined;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

/** undici wraps the socket error in `TypeError('fetch failed')`; the code sits in `cause` (or its `errors`). */
export function classifyNetworkFailure(error: unknown): NetworkFailure {
  const codes = collectCodes(error);
  if (codes.length > 0 && codes.every((code) => NOT_SENT_CODES.has(code))) return 'refused';
  if (codes.length > 0 && codes.every((code) => DNS_CODES.has(code))) return 'dns';
  if (codes.some((code) => RESET_CODES.has(code))) return 'reset';
  if (codes.includes('UND_ERR_HEADERS_TIMEOUT') || codes.includes('UND_ERR_BODY_TIMEOUT')) return 'timeout';
  const message = error instanceof Error ? `${error.message} ${String((error.cause as Error)?.message)}` : '';
  if (/socket hang up|other side closed/i.test(message)) return 'reset';
  return 'other';
}

function collectCodes(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 3) return [];
  const codes: string[] = [];
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') codes.push(code);
  if (Array.isArray(errors)) for (const inner of errors) codes.push(...collectCodes(inner, depth + 1));
  codes.push(...collectCodes(cause, depth + 1));
  return codes;
}
