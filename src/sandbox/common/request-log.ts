import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Who made a request, as an app's auth step identified it. Never the raw token: a
 * credential is named by a kind and a short fingerprint or id.
 */
export interface SandboxActor {
  /** e.g. `pit:3f9a…`, `oauth:access:81c2…`, `apikey:…` */
  credential?: string;
  /** The OAuth app / client, the project, the account... */
  app?: string;
  /** The location / tenant the request acted on. */
  location?: string;
}

export interface RequestLogEntry extends SandboxActor {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** 0 when the connection was reset by fault injection. */
  status: number;
  durationMs: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by an app's auth step so the request log knows who called. */
    sandboxActor: SandboxActor | undefined;
  }
}

/** A bounded ring buffer of requests, newest last. */
export class RequestLog {
  private readonly entries: (RequestLogEntry | undefined)[];
  private next = 0;
  private size = 0;
  private seq = 0;

  constructor(readonly capacity = 10_000) {
    this.entries = new Array(capacity);
  }

  add(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.entries[this.next] = { seq: ++this.seq, ...entry };
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Entries oldest first, optionally filtered; `limit` keeps the newest ones. */
  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const entry = this.entries[(start + i) % this.capacity];
      if (entry && matches(entry, filter)) out.push(entry);
    }
    return filter.limit !== undefined && out.length > filter.limit
      ? out.slice(out.length - filter.limit)
      : out;
  }

  clear(): void {
    this.entries.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}

export interface RequestLogFilter {
  method?: string;
  /** Entries whose path starts with this. */
  pathPrefix?: string;
  location?: string;
  app?: string;
  status?: number;
  /** Only entries with a sequence number greater than this. */
  afterSeq?: number;
  limit?: number;
}

function matches(entry: RequestLogEntry, filter: RequestLogFilter): boolean {
  if (filter.method && entry.method !== filter.method.toUpperCase()) return false;
  if (filter.pathPrefix && !entry.path.startsWith(filter.pathPrefix)) return false;
  if (filter.location && entry.location !== filter.location) return false;
  if (filter.app && entry.app !== filter.app) return false;
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  if (filter.afterSeq !== undefined && entry.seq <= filter.afterSeq) return false;
  return true;
}

export interface RequestLogHookOptions {
  /** Paths not logged (default: `/_sandbox`, so reading the log does not fill it). */
  exemptPrefix?: string;
}

/** Logs every finished request of `app` (and, via `logReset`, the ones cut off by fault injection). */
export function installRequestLog(
  app: FastifyInstance,
  log: RequestLog,
  options: RequestLogHookOptions = {},
) {
  const exempt = options.exemptPrefix ?? '/_sandbox';
  app.decorateRequest('sandboxActor', undefined);
  app.addHook('onResponse', (request, reply, done) => {
    if (!request.url.startsWith(exempt)) log.add(entryFor(request, reply.statusCode, reply.elapsedTime));
    done();
  });
  return {
    logReset(request: FastifyRequest): void {
      log.add(entryFor(request, 0, 0));
    },
  };
}

function entryFor(request: FastifyRequest, status: number, elapsed: number): Omit<RequestLogEntry, 'seq'> {
  const url = request.url;
  const at = url.indexOf('?');
  const actor = request.sandboxActor;
  return {
    at: new Date().toISOString(),
    method: request.method,
    path: at === -1 ? url : url.slice(0, at),
    query: at === -1 ? {} : parseQuery(url.slice(at + 1)),
    status,
    durationMs: Math.round(elapsed * 100) / 100,
    ...(actor?.credential !== undefined && { credential: actor.credential }),
    ...(actor?.app !== undefined && { app: actor.app }),
    ...(actor?.location !== undefined && { location: actor.location }),
  };
}

/** Query parameters that look like secrets are logged as `[redacted]`. */
const SECRET_PARAM = /token|secret|password|api[-_]?key/i;

function parseQuery(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, raw] of new URLSearchParams(search)) {
    const value = SECRET_PARAM.test(key) ? '[redacted]' : raw;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}
