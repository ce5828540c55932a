import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  createThrottle,
  GHL_RATE_LIMITS,
  type HttpClientOptions,
} from '../../src/http/index.ts';
import { ApiError, NetworkError, OutcomeUnknownError, RateLimitError } from '../../src/kernel/errors.ts';
import { type ApiFixture, freePort, startApiFixture } from './api-fixture.ts';

const fixtures: ApiFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

async function api(port?: number): Promise<ApiFixture> {
  const fixture = await startApiFixture(undefined, port);
  fixtures.push(fixture);
  return fixture;
}

function clientFor(server: ApiFixture, options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    baseUrl: server.baseUrl,
    retry: { baseDelayMs: 10, maxDelayMs: 40, maxAttempts: 4 },
    ...options,
  });
}

const gapsOf = (server: ApiFixture, path: string) => {
  const times = server.received.filter((r) => r.path === path).map((r) => r.at);
  return times.slice(1).map((at, i) => at - (times[i] as number));
};

describe('retry', () => {
  it('retries a 429 after the Retry-After delay', async () => {
    const server = await api();
    server.script('GET', '/contacts/c1', [{ status: 429, headers: { 'retry-after': '1' } }]);
    const response = await clientFor(server).request({ method: 'GET', path: '/contacts/c1' });
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(2);
    expect(gapsOf(server, '/contacts/c1')[0]).toBeGreaterThanOrEqual(990);
  });

  it('waits out a 429 for the learned burst window when there is no Retry-After', async () => {
    const server = await api();
    server.script('GET', '/contacts/c1', [
      { status: 429, headers: { 'x-ratelimit-interval-milliseconds': '250', 'x-ratelimit-max': '100' } },
    ]);
    const client = clientFor(server, { throttle: createThrottle(GHL_RATE_LIMITS), rateLimitKey: 'loc-1' });
    const response = await client.request({ method: 'GET', path: '/contacts/c1' });
    expect(response.attempts).toBe(2);
    expect(gapsOf(server, '/contacts/c1')[0]).toBeGreaterThanOrEqual(245);
  });

  it('gives up with a RateLimitError rather than sleeping through a very long Retry-After', async () => {
    const server = await api();
    server.script('GET', '/a', [{ status: 429, headers: { 'retry-after': '120' } }]);
    const error = await clientFor(server, { rateLimitKey: 'loc-1' })
      .request({ method: 'GET', path: '/a' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).resetAt.getTime()).toBeGreaterThan(Date.now() + 100_000);
    expect(server.countOf('GET', '/a')).toBe(1);
  });

  it('retries 5xx answers with growing delays until one succeeds', async () => {
    const server = await api();
    server.script('GET', '/a', [{ status: 500 }, { status: 502 }, { status: 503 }]);
    const response = await clientFor(server).request({ method: 'GET', path: '/a' });
    expect(response).toMatchObject({ status: 200, attempts: 4 });
  });

  it('reports the last 5xx as an ApiError once the attempts are used up', async () => {
    const server = await api();
    server.script(
      'GET',
      '/a',
      Array.from({ length: 10 }, () => ({ status: 503, body: { message: 'down' } })),
    );
    const error = await clientFor(server)
      .request({ method: 'GET', path: '/a' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, body: { message: 'down' } });
    expect(server.countOf('GET', '/a')).toBe(4);
  });

  it('does not retry a 4xx other than 429', async () => {
    const server = await api();
    server.script('GET', '/a', [{ status: 422, body: { message: ['email must be an email'] } }]);
    const error = await clientFor(server)
      .request({ method: 'GET', path: '/a' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422 });
    expect((error as Error).message).toContain('email must be an email');
    expect(server.countOf('GET', '/a')).toBe(1);
  });

  it('retries GET after the server resets the connection', async () => {
    const server = await api();
    server.script('GET', '/a', [{ reset: true }, { reset: true }]);
    const response = await clientFor(server).request({ method: 'GET', path: '/a' });
    expect(response.attempts).toBe(3);
  });
});

describe('the rule for requests that create something', () => {
  const create = { method: 'POST', path: '/contacts/', body: { email: 'a@example.com' } } as const;

  it('does not retry a create that answered 500: the outcome is unknown', async () => {
    const server = await api();
    server.script('POST', '/contacts/', [{ status: 500 }]);
    const error = await clientFor(server)
      .request(create)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ status: 500 });
    expect((error as Error).message).toMatch(/unknown/);
    expect(server.countOf('POST', '/contacts/')).toBe(1);
  });

  it('does not retry a create whose connection was reset', async () => {
    const server = await api();
    server.script('POST', '/contacts/', [{ reset: true }]);
    const error = await clientFor(server)
      .request(create)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).cause).toBeInstanceOf(NetworkError);
    expect(server.countOf('POST', '/contacts/')).toBe(1);
  });

  it('retries a create refused with 429, which the server did not process', async () => {
    const server = await api();
    server.script('POST', '/contacts/', [{ status: 429, headers: { 'retry-after': '0' } }]);
    const response = await clientFor(server).request(create);
    expect(response).toMatchObject({ status: 200, attempts: 2 });
  });

  it('retries a POST marked idempotent, such as an upsert', async () => {
    const server = await api();
    server.script('POST', '/contacts/upsert', [{ status: 500 }, { reset: true }]);
    const response = await clientFor(server).request({
      ...create,
      path: '/contacts/upsert',
      idempotent: true,
    });
    expect(response).toMatchObject({ status: 200, attempts: 3 });
  });

  it('retries a PUT, which is idempotent by definition', async () => {
    const server = await api();
    server.script('PUT', '/contacts/c1', [{ status: 502 }]);
    const response = await clientFor(server).request({
      method: 'PUT',
      path: '/contacts/c1',
      body: { tags: [] },
    });
    expect(response.attempts).toBe(2);
  });

  it('retries a create whose connection was refused, since nothing was sent', async () => {
    const port = await freePort();
    let started: Promise<ApiFixture> | undefined;
    const client = createHttpClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { baseDelayMs: 10, maxDelayMs: 20, maxAttempts: 3 },
      // The server comes up only after the first attempt has been refused.
      fetch: async (url, init) => {
        try {
          return await fetch(url, init);
        } finally {
          started ??= api(port);
          await started;
        }
      },
    });
    const response = await client.request(create);
    expect(response).toMatchObject({ status: 200, attempts: 2 });
    expect((await started)?.countOf('POST', '/contacts/')).toBe(1);
  });
});

describe('timeouts and cancellation', () => {
  it('retries a GET that timed out', async () => {
    const server = await api();
    server.script('GET', '/slow', [{ delayMs: 400 }]);
    const response = await clientFor(server, { timeoutMs: 100 }).request({ method: 'GET', path: '/slow' });
    expect(response.attempts).toBe(2);
  });

  it('reports a timeout as a NetworkError once the attempts are used up', async () => {
    const server = await api();
    server.script('GET', '/slow', [{ delayMs: 300 }, { delayMs: 300 }]);
    const started = performance.now();
    const error = await clientFor(server, { retry: { maxAttempts: 2, baseDelayMs: 1 } })
      .request({ method: 'GET', path: '/slow', timeoutMs: 60 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ failure: 'timeout' });
    expect(performance.now() - started).toBeLessThan(450);
  });

  it('does not retry a create that timed out', async () => {
    const server = await api();
    server.script('POST', '/contacts/', [{ delayMs: 300 }]);
    const error = await clientFor(server, { timeoutMs: 60 })
      .request(create())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(((error as Error).cause as NetworkError).failure).toBe('timeout');
    expect(server.countOf('POST', '/contacts/')).toBe(1);
  });

  it('stops at once, without retrying, when the caller cancels', async () => {
    const server = await api();
    server.script('GET', '/slow', [{ delayMs: 500 }]);
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 50);
    const started = performance.now();
    const error = await clientFor(server)
      .request({ method: 'GET', path: '/slow', signal: cancel.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(300);
    expect(server.countOf('GET', '/slow')).toBe(1);
  });
});

function create() {
  return { method: 'POST', path: '/contacts/', body: { email: 'a@example.com' } } as const;
}
