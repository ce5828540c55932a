import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GLEANTAP_DEMO_ACCOUNT,
  type GleantapSandbox,
  startGleantapSandbox,
} from '../../src/sandbox/gleantap/index.ts';
import { gleantapSchemas } from '../../src/sandbox/gleantap/spec.ts';
import { adminCall, expectSchema, gleantapCaller, type Json } from '../support/app-sandboxes.ts';

let sandbox: GleantapSandbox;
const dir = mkdtempSync(join(tmpdir(), 'gleantap-sandbox-'));

beforeAll(async () => {
  sandbox = await startGleantapSandbox();
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Gleantap sandbox: keys, accounts and limits', () => {
  it('needs X-API-KEY and X-SECRET-KEY of the account that owns app_id', async () => {
    const credentials = sandbox.admin.createAccount();
    const other = sandbox.admin.createAccount();
    const call = gleantapCaller(sandbox.url, credentials);
    expect((await call('getCustomers', {}, { 'x-secret-key': 'wrong' })).status).toBe(401);
    expect((await call('getCustomers', {}, { 'x-api-key': other.apiKey })).status).toBe(401);
    const noKeys = await fetch(`${sandbox.url}/v2/ExternalApi/getCustomers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: credentials.appId }),
    });
    expect(noKeys.status).toBe(401);
    expect(await noKeys.json()).toEqual({ status: false, message: 'Unauthorized - Invalid API credentials' });
    expect((await call('getCustomers', { app_id: other.appId })).status).toBe(401);
    expect(
      (await call(`sendSmsNotification/${other.appId}`, { to_number: '+15550100000', message: 'x' })).status,
    ).toBe(401);
    expect((await call('getCustomers', { app_id: undefined })).status).toBe(400);
    expect((await call('getCustomers')).status).toBe(200);
  });

  it('keeps accounts apart', async () => {
    const a = gleantapCaller(sandbox.url, sandbox.admin.createAccount());
    const b = gleantapCaller(sandbox.url, sandbox.admin.createAccount());
    const id = (await a('newContact', { first_name: 'Only', last_name: 'InA', user_id: 'same' })).body._id;
    expect((await b('getCustomers', {})).body.members).toEqual([]);
    expect((await b('removeContact', { id })).status).toBe(400);
    expect(
      (await b('newContact', { first_name: 'Only', last_name: 'InB', user_id: 'same' })).body._id,
    ).not.toBe(id);
    expect((await a('getCustomers', {})).body.members.map((m: Json) => m.lastname)).toEqual(['InA']);
  });

  it('answers 429 past the limit set for an account, and other accounts go on', async () => {
    const limited = sandbox.admin.createAccount();
    const call = gleantapCaller(sandbox.url, limited);
    const free = gleantapCaller(sandbox.url, sandbox.admin.createAccount());
    await adminCall(sandbox.url, 'PUT', `/accounts/${limited.appId}/limits`, { max: 2 });
    const statuses = [];
    for (let n = 0; n < 4; n++) statuses.push((await call('getCustomers')).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect((await call('getCustomers')).body).toEqual({ status: false, message: 'Too many requests' });
    expect((await free('getCustomers')).status).toBe(200);
  });

  it('answers POST only, and 404 for methods the description does not have', async () => {
    const credentials = sandbox.admin.createAccount();
    const get = await fetch(`${sandbox.url}/v2/ExternalApi/getCustomers`);
    expect(get.status).toBe(405);
    const unknown = await gleantapCaller(sandbox.url, credentials)('getLocations');
    expect(unknown).toMatchObject({ status: 404, body: { status: false } });
  });
});

describe('Gleantap sandbox: seed data, reset and snapshot', () => {
  it('seeds a demo studio and resets to it', async () => {
    const seeded = await startGleantapSandbox({ seed: true });
    try {
      expect(seeded.demo).toEqual({
        appId: GLEANTAP_DEMO_ACCOUNT.appId,
        apiKey: GLEANTAP_DEMO_ACCOUNT.apiKey,
        secretKey: GLEANTAP_DEMO_ACCOUNT.secretKey,
        name: GLEANTAP_DEMO_ACCOUNT.name,
      });
      const call = gleantapCaller(seeded.url, seeded.demo!);
      const all = await call('getCustomers', { limit: 1000, events: true });
      expectSchema(gleantapSchemas().response('getCustomers'), all.body);
      expect(all.body.members).toHaveLength(40);
      expect(all.body.members.some((m: Json) => m.events.length > 0)).toBe(true);
      expect((await call('getOptinCustomers', { limit: 1000 })).body.members.length).toBeGreaterThan(0);
      await call('newContact', { first_name: 'Extra', last_name: 'One' });
      await adminCall(seeded.url, 'POST', '/reset');
      expect((await call('getCustomers', { limit: 1000 })).body.members).toHaveLength(40);
    } finally {
      await seeded.close();
    }
  });

  it('keeps its state in a snapshot file across restarts', async () => {
    const snapshotFile = join(dir, 'gleantap.json');
    const first = await startGleantapSandbox({ snapshotFile });
    const credentials = first.admin.createAccount();
    await gleantapCaller(first.url, credentials)('newContact', {
      first_name: 'Kept',
      last_name: 'Member',
      user_id: 'k',
    });
    await first.close();
    const second = await startGleantapSandbox({ snapshotFile });
    try {
      const answer = await gleantapCaller(second.url, credentials)('getCustomers', { user_id: 'k' });
      expect(answer.body.members).toMatchObject([{ firstname: 'Kept', lastname: 'Member' }]);
    } finally {
      await second.close();
    }
  });
});
