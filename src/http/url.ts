import type { Query } from './types.ts';

/**
 * Joins by string rather than `new URL(path, base)`, which would drop a base path such as
 * `/v2/ExternalApi` whenever the request path starts with a slash.
 */
export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  const joined = path.startsWith('/') ? `${base}${path}` : `${base}/${path}`;
  const params = toSearchParams(query);
  const search = params.toString();
  if (!search) return joined;
  return `${joined}${joined.includes('?') ? '&' : '?'}${search}`;
}

export function toSearchParams(query?: Query): URLSearchParams {
  const params = new URLSearchParams();
  if (!query) return params;
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === undefined || item === null) continue;
      params.append(key, String(item));
    }
  }
  return params;
}

/** The path alone, which is all an error message or a log line may show of a URL. */
export function pathOf(path: string): string {
  const at = path.indexOf('?');
  return at === -1 ? path : path.slice(0, at);
}
