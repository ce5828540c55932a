import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSandboxApp,
  FaultInjector,
  installSandboxBasics,
  listen,
  RateLimiter,
  RequestLog,
  type RunningServer,
  WebhookDispatcher,
} from '../../src/sandbox/common/index.ts';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

async function startApp() {
  const app = createSandboxApp();
  const log = new RequestLog(100);
  const faults = new FaultInjector();
  const limiter = new RateLimiter({ max: 3, intervalMs: 60_000 });
  const webhooks = new WebhookDispatcher(() => ({ 'x-test-signature': 'sig' }), { retryIntervalMs: 20 });
  let resets = 0;
  installSandboxBasics(app, { log, faults, limiter, webhooks, reset: () => void resets++ });
  let calls = 0;
  app.get('/things/:id', async (request) => {
    request.sandboxActor = { credential: 'pit:abc', location: 'loc1' };
    calls++;
    return { id: (request.params as { id: string }).id };
  });
  app.delete('/things/:id', async (request) => ({ body: request.body ?? null }));
  const server = await listen(app);
  closers.push(
    () => server.close(),
    () => webhooks.close(),
  );
  return { server, log, faults, limiter, webhooks, resets: () => resets, calls: () => calls };
}

async function admin(server: RunningServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('rate limiter', () => {
  it('counts down, refuses at the limit and starts over after the interval', () => {
    const limiter = new RateLimiter({ max: 2, intervalMs: 1_000, dailyMax: 3 });
    expect(limiter.take('k', 0)).toMatchObject({ allowed: true, remaining: 1, dailyRemaining: 2 });
    expect(limiter.take('k', 10)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take('k', 20)).toMatchObject({ allowed: false, exceeded: 'burst', remaining: 0 });
    expect(limiter.take('other', 20)).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.take('k', 1_000)).toMatchObject({ allowed: true, remaining: 1, dailyRemaining: 0 });
    expect(limiter.take('k', 1_010)).toMatchObject({ allowed: false, exceeded: 'daily' });
    limiter.configure({ max: 10 }, 'k');
    expect(limiter.peek('k', 1_010).limit).toBe(10);
    expect(limiter.peek('other', 1_010).limit).toBe(2);
  });
});

describe('common admin routes and hooks', () => {
  it('logs requests with the actor, tolerates empty JSON bodies on DELETE, clears the log', async () => {
    const { server } = await startApp();
    await fetch(`${server.url}/things/1?x=1&access_token=secret`);
    const del = await fetch(`${server.url}/things/2`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
    });
    expect(del.status).toBe(200);
    const { body } = await admin(server, 'GET', '/_sandbox/requests');
    const requests = body.requests as Record<string, unknown>[];
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      path: '/things/1',
      query: { x: '1', access_token: '[redacted]' },
      status: 200,
      credential: 'pit:abc',
      location: 'loc1',
    });
    await admin(server, 'DELETE', '/_sandbox/requests');
    expect((await admin(server, 'GET', '/_sandbox/requests')).body.requests).toEqual([]);
  });

  it('injects statuses, resets before and after handling, and clears faults on reset', async () => {
    const ctx = await startApp();
    const { server } = ctx;
    expect((await admin(server, 'PUT', '/_sandbox/faults', { failNext: 1, statuses: [503] })).status).toBe(
      200,
    );
    expect((await fetch(`${server.url}/things/1`)).status).toBe(503);
    expect((await fetch(`${server.url}/things/1`)).status).toBe(200);
    expect(ctx.calls()).toBe(1);

    await admin(server, 'PUT', '/_sandbox/faults', { resetRate: 1, resetPhase: 'before' });
    await expect(fetch(`${server.url}/things/1`)).rejects.toThrow();
    expect(ctx.calls()).toBe(1);
    await admin(server, 'PUT', '/_sandbox/faults', { resetPhase: 'after' });
    await expect(fetch(`${server.url}/things/1`)).rejects.toThrow();
    expect(ctx.calls()).toBe(2);
    const statuses = (
      (await admin(server, 'GET', '/_sandbox/requests')).body.requests as { status: number }[]
    ).map((r) => r.status);
    expect(statuses).toEqual([503, 200, 0, 0]);

    expect((await admin(server, 'POST', '/_sandbox/reset')).body).toEqual({ reset: true });
    expect(ctx.resets()).toBe(1);
    expect((await fetch(`${server.url}/things/1`)).status).toBe(200);
  });

  it('changes limits at run time', async () => {
    const { server, limiter } = await startApp();
    const { body } = await admin(server, 'PUT', '/_sandbox/limits', { max: 5, intervalMs: 100 });
    expect(body.limits).toMatchObject({ max: 5, intervalMs: 100 });
    expect(limiter.peek('any').limit).toBe(5);
    expect((await admin(server, 'PUT', '/_sandbox/limits', { max: 0 })).status).toBe(400);
  });
});

describe('webhook dispatcher', () => {
  it('signs the exact bytes, retries only on 429 and records every attempt', async () => {
    const answers = [429, 429, 200, 500];
    const received: { headers: Record<string, unknown>; body: string }[] = [];
    const target: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = answers.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => target.close(() => resolve())));
    const address = target.address() as { port: number };

    const signed: string[] = [];
    const webhooks = new WebhookDispatcher(
      (body) => {
        signed.push(body.toString());
        return { 'x-sig': 'ok' };
      },
      { retryIntervalMs: 10 },
    );
    closers.push(() => webhooks.close());
    webhooks.setTarget(`http://127.0.0.1:${address.port}/hook`);
    const first = webhooks.send('ThingCreate', { id: 1 });
    await webhooks.settled();
    const second = webhooks.send('ThingDelete', { id: 2 });
    await webhooks.settled();

    expect(first.state).toBe('delivered');
    expect(first.attempts.map((a) => a.status)).toEqual([429, 429, 200]);
    expect(second.state).toBe('failed');
    expect(second.attempts.map((a) => a.status)).toEqual([500]);
    expect(received).toHaveLength(4);
    expect(received[0]?.body).toBe(signed[0]);
    expect(received[0]?.headers['x-sig']).toBe('ok');
    expect(webhooks.deliveries({ state: 'failed' })).toHaveLength(1);

    webhooks.setTarget(null);
    expect(webhooks.send('ThingCreate', {}).state).toBe('no_target');
  });

  it('gives up after maxRetries answers of 429', async () => {
    const target = createServer((_req, res) => {
      res.statusCode = 429;
      res.end();
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => target.close(() => resolve())));
    const webhooks = new WebhookDispatcher(undefined, { retryIntervalMs: 1, maxRetries: 2 });
    closers.push(() => webhooks.close());
    webhooks.setTarget(`http://127.0.0.1:${(target.address() as { port: number }).port}/`);
    const delivery = webhooks.send('X', {});
    await webhooks.settled();
    expect(delivery.attempts).toHaveLength(3);
    expect(delivery.state).toBe('failed');
  });
});
