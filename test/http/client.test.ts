import { afterEach, describe, expect, it } from 'vitest';
import { type AuthStrategy, bearerAuth, createHttpClient } from '../../src/http/index.ts';
import { ApiError, NetworkError } from '../../src/kernel/errors.ts';
import { type ApiFixture, freePort, startApiFixture } from './api-fixture.ts';

const fixtures: ApiFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

async function api(): Promise<ApiFixture> {
  const fixture = await startApiFixture();
  fixtures.push(fixture);
  return fixture;
}

const fastRetry = { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 };

describe('requests', () => {
  it('repeats the key for array values and drops undefined ones', async () => {
    const server = await api();
    const client = createHttpClient({ baseUrl: server.baseUrl });
    await client.request({
      method: 'GET',
      path: '/contacts/',
      query: { locationId: 'loc-1', tags: ['vip', 'new'], query: undefined, limit: 20, archived: false },
    });
    expect(server.received[0]?.url).toBe(
      '/contacts/?locationId=loc-1&tags=vip&tags=new&limit=20&archived=false',
    );
  });

  it('keeps a base path and sends default headers, JSON bodies and forms', async () => {
    const server = await api();
    const client = createHttpClient({
      baseUrl: `${server.baseUrl}/v2/ExternalApi/`,
      defaultHeaders: { Version: '2021-07-28' },
    });
    const json = await client.request<{ body: unknown }>({
      method: 'POST',
      path: 'newContact',
      body: { app_id: 7 },
    });
    await client.request({
      method: 'POST',
      path: '/oauth/token',
      form: { grant_type: 'refresh_token', scope: ['a', 'b'] },
    });
    expect(server.received[0]).toMatchObject({ path: '/v2/ExternalApi/newContact', body: { app_id: 7 } });
    expect(server.received[0]?.headers.version).toBe('2021-07-28');
    expect(json.data.body).toEqual({ app_id: 7 });
    expect(server.received[1]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(server.received[1]?.body).toEqual({ grant_type: 'refresh_token', scope: ['a', 'b'] });
  });

  it('sends nothing for a write that a dry run intercepts, but still sends reads', async () => {
    const server = await api();
    const seen: string[] = [];
    const client = createHttpClient({
      baseUrl: server.baseUrl,
      interceptWrite: (req) => {
        seen.push(`${req.method} ${req.path}`);
        return { status: 201, headers: {}, data: { contact: { id: 'dry-run' } }, attempts: 0 };
      },
    });
    const write = await client.request({
      method: 'POST',
      path: '/contacts/',
      body: { email: 'a@example.com' },
    });
    await client.request({ method: 'GET', path: '/contacts/c1' });
    expect(write).toMatchObject({ status: 201, data: { contact: { id: 'dry-run' } }, attempts: 0 });
    expect(seen).toEqual(['POST /contacts/']);
    expect(server.received.map((r) => r.method)).toEqual(['GET']);
  });
});

describe('errors', () => {
  it('names the method, path and status but never the query or the token', async () => {
    const server = await api();
    server.script('GET', '/contacts/', [
      { status: 403, body: { message: 'The token does not have access to this location.' } },
    ]);
    const client = createHttpClient({ baseUrl: server.baseUrl, auth: bearerAuth('pit-secret-123') });
    const error = await client
      .request({
        method: 'GET',
        path: '/contacts/',
        query: { locationId: 'loc-1', apiKey: 'key-secret-456' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const text = `${(error as Error).message} ${JSON.stringify(error)}`;
    expect(text).toContain('GET /contacts/ answered 403');
    expect(text).toContain('does not have access');
    expect(text).not.toMatch(/secret|loc-1/);
  });

  it('reports a connection refused as a NetworkError without the query', async () => {
    const port = await freePort();
    const client = createHttpClient({ baseUrl: `http://127.0.0.1:${port}`, retry: fastRetry });
    const error = await client
      .request({ method: 'GET', path: '/contacts/', query: { token: 'secret' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ failure: 'refused', url: '/contacts/' });
    expect((error as Error).message).not.toContain('secret');
  });
});

describe('auth', () => {
  function rotatingAuth(refreshWorks: boolean) {
    const state = { token: 'old', refreshes: 0 };
    const auth: AuthStrategy = {
      headers: async () => ({ Authorization: `Bearer ${state.token}` }),
      onUnauthorized: async () => {
        state.refreshes += 1;
        if (!refreshWorks) return false;
        state.token = 'new';
        return true;
      },
    };
    return { state, auth };
  }

  function acceptOnly(server: ApiFixture, token: string) {
    server.route('GET', '/contacts/c1', (req) =>
      req.headers.authorization === `Bearer ${token}` ? { body: { contact: { id: 'c1' } } } : { status: 401 },
    );
  }

  it('refreshes once on a 401 and sends the request again with the new token', async () => {
    const server = await api();
    acceptOnly(server, 'new');
    const { state, auth } = rotatingAuth(true);
    const response = await createHttpClient({ baseUrl: server.baseUrl, auth, retry: fastRetry }).request({
      method: 'GET',
      path: '/contacts/c1',
    });
    expect(response).toMatchObject({ status: 200, attempts: 2 });
    expect(state.refreshes).toBe(1);
    expect(server.received.map((r) => r.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('refreshes only once when the new token is refused too, then reports the 401', async () => {
    const server = await api();
    acceptOnly(server, 'never');
    const { state, auth } = rotatingAuth(true);
    const error = await createHttpClient({ baseUrl: server.baseUrl, auth, retry: fastRetry })
      .request({ method: 'GET', path: '/contacts/c1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401 });
    expect(state.refreshes).toBe(1);
    expect(server.received).toHaveLength(2);
  });

  it('does not send again when no fresh credentials could be had', async () => {
    const server = await api();
    acceptOnly(server, 'new');
    const { state, auth } = rotatingAuth(false);
    const error = await createHttpClient({ baseUrl: server.baseUrl, auth, retry: fastRetry })
      .request({ method: 'GET', path: '/contacts/c1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401 });
    expect(state.refreshes).toBe(1);
    expect(server.received).toHaveLength(1);
  });
});
