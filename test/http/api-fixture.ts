import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * A small API that behaves like GHL where the HTTP layers care: it enforces a burst limit over
 * a strict sliding window and a daily quota, sends GHL's rate-limit headers, and plays scripted
 * faults (statuses, resets, slow answers) per route.
 */

export interface FixtureLimits {
  limit: number;
  windowMs: number;
  dailyLimit?: number;
  /** Value of `x-ratelimit-daily-reset`; no such header when absent. */
  dailyReset?: string;
  /** Send the X-RateLimit-* headers (default true). */
  sendHeaders?: boolean;
}

export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  at: number;
}

export type RouteHandler = (req: ReceivedRequest) => ScriptedAnswer | Promise<ScriptedAnswer>;

export interface ApiFixture {
  baseUrl: string;
  port: number;
  received: ReceivedRequest[];
  /** 429s sent because a limit was exceeded (scripted 429s are not counted). */
  refusedByLimit: number;
  /** The most requests accepted within any window, as the server measured it. */
  maxInWindow: number;
  script(method: string, path: string, answers: ScriptedAnswer[]): void;
  route(method: string, path: string, handler: RouteHandler): void;
  countOf(method: string, path: string): number;
  close(): Promise<void>;
}

export async function startApiFixture(limits?: FixtureLimits, port = 0): Promise<ApiFixture> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const scripts = new Map<string, ScriptedAnswer[]>();
  const routes = new Map<string, RouteHandler>();
  const accepted: number[] = [];
  let dailyUsed = 0;

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const fields: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(body as string)) {
      const before = fields[name];
      fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
    }
    done(null, fields);
  });

  const fixture: ApiFixture = {
    baseUrl: '',
    port: 0,
    received: [],
    refusedByLimit: 0,
    maxInWindow: 0,
    script: (method, path, answers) => scripts.set(`${method} ${path}`, [...answers]),
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    countOf: (method, path) => fixture.received.filter((r) => r.method === method && r.path === path).length,
    close: () => app.close(),
  };

  // Rate limiting runs before anything else, on arrival, as a gateway would.
  app.addHook('onRequest', async (_request, reply) => {
    if (!limits) return;
    const now = performance.now();
    while (accepted.length > 0 && (accepted[0] as number) < now - limits.windowMs) accepted.shift();
    const dailyLimit = limits.dailyLimit ?? 1_000_000;
    const overBurst = accepted.length >= limits.limit;
    const overDaily = dailyUsed >= dailyLimit;
    if (!overBurst && !overDaily) {
      accepted.push(now);
      dailyUsed += 1;
      fixture.maxInWindow = Math.max(fixture.maxInWindow, accepted.length);
    }
    if (limits.sendHeaders !== false) {
      reply.header('x-ratelimit-max', String(limits.limit));
      reply.header('x-ratelimit-interval-milliseconds', String(limits.windowMs));
      reply.header('x-ratelimit-remaining', String(Math.max(0, limits.limit - accepted.length)));
      reply.header('x-ratelimit-limit-daily', String(dailyLimit));
      reply.header('x-ratelimit-daily-remaining', String(Math.max(0, dailyLimit - dailyUsed)));
      if (limits.dailyReset) reply.header('x-ratelimit-daily-reset', limits.dailyReset);
    }
    if (overBurst || overDaily) {
      fixture.refusedByLimit += 1;
      return reply.code(429).send({ statusCode: 429, message: 'Too many requests' });
    }
  });

  app.all('/*', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.raw.url ?? '/';
    const path = url.split('?')[0] as string;
    const received: ReceivedRequest = {
      method: request.method,
      url,
      path,
      query: request.query as Record<string, unknown>,
      body: request.body,
      headers: request.headers,
      at: performance.now(),
    };
    fixture.received.push(received);
    const key = `${request.method} ${path}`;
    const answer = scripts.get(key)?.shift() ?? (await routes.get(key)?.(received)) ?? {};
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (answer.reset) {
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    reply.code(answer.status ?? 200).headers(answer.headers ?? {});
    return (
      answer.body ?? { ok: true, method: request.method, path, query: request.query, body: request.body }
    );
  });

  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  fixture.port = typeof address === 'object' && address ? address.port : port;
  fixture.baseUrl = `http://127.0.0.1:${fixture.port}`;
  return fixture;
}

/** A port on which nothing listens (taken and released at once). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}
