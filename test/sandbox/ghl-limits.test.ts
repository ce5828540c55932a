import { afterEach, describe, expect, it } from 'vitest';
import type { GhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { admin, caller, startSandbox } from '../support/ghl-sandbox.ts';

let sandbox: GhlSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const rateHeaders = (headers: Headers) => ({
  max: headers.get('x-ratelimit-max'),
  remaining: headers.get('x-ratelimit-remaining'),
  interval: headers.get('x-ratelimit-interval-milliseconds'),
  daily: headers.get('x-ratelimit-limit-daily'),
  dailyRemaining: headers.get('x-ratelimit-daily-remaining'),
});

describe('rate limits per app per location', () => {
  it('the five headers count down and 429 comes at the burst limit', async () => {
    sandbox = await startSandbox({ limits: { max: 5, intervalMs: 60_000, dailyMax: 1_000 } });
    const { locationId, privateIntegrationToken } = sandbox.defaultLocation;
    const call = caller(sandbox.url, privateIntegrationToken);
    const seen = [];
    for (let i = 0; i < 5; i++) {
      const answer = await call('GET', `/contacts/?locationId=${locationId}`);
      expect(answer.status).toBe(200);
      seen.push(rateHeaders(answer.headers));
    }
    expect(seen.map((h) => h.remaining)).toEqual(['4', '3', '2', '1', '0']);
    expect(seen.map((h) => h.dailyRemaining)).toEqual(['999', '998', '997', '996', '995']);
    expect(seen[0]).toMatchObject({ max: '5', interval: '60000', daily: '1000' });

    const refused = await call('GET', `/contacts/?locationId=${locationId}`);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429 });
    expect(rateHeaders(refused.headers)).toMatchObject({ max: '5', remaining: '0', dailyRemaining: '995' });

    // Another location (another bucket) is not affected.
    const other = (await admin(sandbox.url, 'POST', '/locations', {})).body;
    const answer = await caller(sandbox.url, other.privateIntegrationToken)(
      'GET',
      `/contacts/?locationId=${other.locationId}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('4');
  });

  it('the burst window starts over after the interval; the daily limit holds', async () => {
    sandbox = await startSandbox({ limits: { max: 2, intervalMs: 200, dailyMax: 3 } });
    const { locationId, privateIntegrationToken } = sandbox.defaultLocation;
    const get = () =>
      caller(sandbox!.url, privateIntegrationToken)('GET', `/contacts/?locationId=${locationId}`);
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const third = await get();
    expect(third.status).toBe(200);
    expect(third.headers.get('x-ratelimit-daily-remaining')).toBe('0');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const overDaily = await get();
    expect(overDaily.status).toBe(429);
    expect(overDaily.headers.get('x-ratelimit-daily-remaining')).toBe('0');
  });

  it('limits change at run time and every response carries the headers', async () => {
    sandbox = await startSandbox();
    const { locationId, privateIntegrationToken } = sandbox.defaultLocation;
    expect((await admin(sandbox.url, 'PUT', '/limits', { max: 3, intervalMs: 1_000 })).status).toBe(200);
    const call = caller(sandbox.url, privateIntegrationToken);
    const answer = await call('GET', `/contacts/?locationId=${locationId}`);
    expect(rateHeaders(answer.headers)).toMatchObject({ max: '3', remaining: '2', interval: '1000' });
    for (const other of [
      await caller(sandbox.url)('GET', '/contacts/x'),
      await call('GET', '/no/such/path'),
    ]) {
      expect(other.headers.get('x-ratelimit-max')).toBe('3');
      expect(other.headers.get('x-ratelimit-daily-remaining')).not.toBeNull();
    }
  });
});

describe('fault injection', () => {
  it('answers chosen statuses in GHL shape and can reset connections', async () => {
    sandbox = await startSandbox();
    const { locationId, privateIntegrationToken } = sandbox.defaultLocation;
    const call = caller(sandbox.url, privateIntegrationToken);
    await admin(sandbox.url, 'PUT', '/faults', { failNext: 2, statuses: [503] });
    expect((await call('GET', `/contacts/?locationId=${locationId}`)).body).toEqual({
      statusCode: 503,
      message: 'Service Unavailable',
    });
    expect((await call('GET', `/contacts/?locationId=${locationId}`)).status).toBe(503);
    expect((await call('GET', `/contacts/?locationId=${locationId}`)).status).toBe(200);

    await admin(sandbox.url, 'PUT', '/faults', { resetRate: 1, resetPhase: 'after' });
    await expect(call('POST', '/contacts/', { locationId, email: 'reset@b.co' })).rejects.toThrow();
    await admin(sandbox.url, 'PUT', '/faults', { resetRate: 0 });
    // The change was made although the client saw a reset: the realistic nasty case.
    const search = await call('POST', '/contacts/search', {
      locationId,
      pageLimit: 10,
      filters: [{ field: 'email', operator: 'eq', value: 'reset@b.co' }],
    });
    expect(search.body.total).toBe(1);
    expect(sandbox.requests.list({ status: 0 })).toHaveLength(1);
  });
});
