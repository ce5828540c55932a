import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GleapSandbox, startGleapSandbox } from '../../src/sandbox/gleap/index.ts';
import { gleapSchemas } from '../../src/sandbox/gleap/spec.ts';
import { expectSchema, gleapCaller, type Json } from '../support/app-sandboxes.ts';

let sandbox: GleapSandbox;
const schemas = gleapSchemas();
// The description's full session document (the answer of GET /sessions/by-user-id) checks every session we get back.
const sessionDocument = schemas.response('/sessions/by-user-id/{userId}', 'get');
const sessionList = schemas.response('/sessions', 'get');

beforeAll(async () => {
  sandbox = await startGleapSandbox();
});
afterAll(() => sandbox.close());

function newProject() {
  return gleapCaller(sandbox.url, sandbox.admin.createProject());
}

describe('Gleap sandbox: contacts (sessions)', () => {
  it('creates, reads, reads by user id, updates and deletes a contact', async () => {
    const call = newProject();
    const created = await call('POST', '/sessions', {
      userId: 'ghl-contact-1',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+15550100001',
      tags: ['vip'],
      customData: { plan: 'pro' },
    });
    expect(created.status).toBe(200);
    expectSchema(sessionDocument, created.body);
    expect(created.body).toMatchObject({
      userId: 'ghl-contact-1',
      name: 'Ada Lovelace',
      id: created.body._id,
    });
    expect(created.body._id).toMatch(/^[0-9a-f]{24}$/);

    const byId = await call('GET', `/sessions/${created.body._id}`);
    expect(byId.body).toEqual(created.body);
    const byUserId = await call('GET', '/sessions/by-user-id/ghl-contact-1');
    expectSchema(sessionDocument, byUserId.body);
    expect(byUserId.body._id).toBe(created.body._id);

    const updated = await call('PUT', `/sessions/${created.body._id}`, {
      email: 'ada@lovelace.dev',
      plan: 'enterprise',
    });
    expect(updated.status).toBe(200);
    expectSchema(sessionDocument, updated.body);
    expect(updated.body).toMatchObject({
      email: 'ada@lovelace.dev',
      plan: 'enterprise',
      name: 'Ada Lovelace',
    });
    expect(updated.body.updatedAt >= created.body.updatedAt).toBe(true);
    expect(updated.body.identityHistory.at(-1).changes.email).toEqual({
      from: 'ada@example.com',
      to: 'ada@lovelace.dev',
    });

    const deleted = await call('DELETE', `/sessions/${created.body._id}`);
    expect(deleted.status).toBe(204);
    expect((await call('GET', `/sessions/${created.body._id}`)).status).toBe(404);
    expect((await call('GET', '/sessions/by-user-id/ghl-contact-1')).body).toEqual({
      message: 'Session not found',
    });
  });

  it('refuses a second contact with the same user id, and a body the description does not allow', async () => {
    const call = newProject();
    await call('POST', '/sessions', { userId: 'u1', name: 'First' });
    const duplicate = await call('POST', '/sessions', { userId: 'u1', name: 'Second' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.message).toContain('already exists');

    const unknownField = await call('POST', '/sessions', { name: 'X', firstName: 'X' });
    expect(unknownField).toMatchObject({
      status: 400,
      body: {
        message: 'Validation Failed',
        details: { 'requestBody.firstName': { message: 'is not a known property' } },
      },
    });
    const wrongType = await call('POST', '/sessions', { name: 'X', tags: 'a,b' });
    expect(wrongType.status).toBe(400);
    expect(Object.keys(wrongType.body.details)).toEqual(['requestBody.tags']);
    const noBody = await call('POST', '/sessions');
    expect(noBody.status).toBe(400);
    const listed = await call('GET', '/sessions');
    expect(listed.body.map((s: Json) => s.name)).toEqual(['First']);
  });

  it('lists with filters on any field, date operators, sort and limit/skip paging', async () => {
    const call = newProject();
    for (let n = 1; n <= 5; n++) {
      await call('POST', '/sessions', { userId: `u${n}`, name: `Person ${n}`, plan: n % 2 ? 'pro' : 'free' });
    }
    const all = await call('GET', '/sessions?sort=createdAt');
    expectSchema(sessionList, all.body);
    for (const session of all.body) expectSchema(sessionDocument, session);
    expect(all.body.map((s: Json) => s.userId)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);

    const pro = await call('GET', '/sessions?plan=pro');
    expect(pro.body.map((s: Json) => s.userId)).toEqual(['u1', 'u3', 'u5']);
    const anyOf = await call('GET', '/sessions?userId=u2,u4');
    expect(anyOf.body.map((s: Json) => s.userId)).toEqual(['u2', 'u4']);
    const nested = await call('GET', '/sessions?customData.nothing=x');
    expect(nested.body).toEqual([]);

    // Touch u2 so it is the most recently updated, then ask for what changed since just before.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const u2 = all.body[1];
    await call('PUT', `/sessions/${u2._id}`, { name: 'Person two' });
    const changed = await call('GET', `/sessions?updatedAt>=${since}&sort=-updatedAt`);
    expect(changed.body.map((s: Json) => s.userId)).toEqual(['u2']);
    const encoded = await call(
      'GET',
      `/sessions?${encodeURIComponent('updatedAt>')}=${encodeURIComponent(since)}`,
    );
    expect(encoded.body.map((s: Json) => s.userId)).toEqual(['u2']);
    const newestFirst = await call('GET', '/sessions?sort=-updatedAt&limit=2');
    expect(newestFirst.body[0].userId).toBe('u2');

    const page2 = await call('GET', '/sessions?sort=createdAt&limit=2&skip=2');
    expect(page2.body.map((s: Json) => s.userId)).toEqual(['u3', 'u4']);
    const badLimit = await call('GET', '/sessions?limit=ten');
    expect(badLimit.status).toBe(400);
    const badDate = await call('GET', '/sessions?updatedAt>=yesterday');
    expect(badDate.status).toBe(400);
  });

  it('searches by name, email, user id or phone', async () => {
    const call = newProject();
    await call('POST', '/sessions', { name: 'Grace Hopper', email: 'grace@navy.example' });
    await call('POST', '/sessions', { name: 'Alan Turing', email: 'alan@bletchley.example' });
    const found = await call('GET', '/sessions/search?searchTerm=HOPPER');
    expectSchema(schemas.response('/sessions/search', 'get'), found.body);
    expect(found.body.map((s: Json) => s.name)).toEqual(['Grace Hopper']);
    const byEmail = await call('GET', '/sessions/search?searchTerm=bletchley');
    expect(byEmail.body.map((s: Json) => s.name)).toEqual(['Alan Turing']);
  });

  it('supports find-or-create by user id (look up, then create on 404) and by email (compose)', async () => {
    const call = newProject();
    const missing = await call('GET', '/sessions/by-user-id/ext-42');
    expect(missing.status).toBe(404);
    const created = await call('POST', '/sessions', { userId: 'ext-42', email: 'x@example.com' });
    const found = await call('GET', '/sessions/by-user-id/ext-42');
    expect(found.body._id).toBe(created.body._id);

    const composed = await call('POST', '/tickets/compose', {
      type: 'INQUIRY',
      title: 'Hi',
      email: 'new@example.com',
    });
    expect(composed.status).toBe(200);
    const again = await call('POST', '/tickets/compose', {
      type: 'INQUIRY',
      title: 'Again',
      email: 'NEW@example.com',
    });
    expect(again.body.session).toBe(composed.body.session);
    const sessions = await call('GET', '/sessions?email=new@example.com');
    expect(sessions.body).toHaveLength(1);
    expect(sessions.body[0]).toMatchObject({ emailOnly: true });
  });
});
