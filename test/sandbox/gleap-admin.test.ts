import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GLEAP_DEMO_PROJECT, startGleapSandbox } from '../../src/sandbox/gleap/index.ts';
import { gleapSchemas } from '../../src/sandbox/gleap/spec.ts';
import { adminCall, expectSchema, gleapCaller, type Json } from '../support/app-sandboxes.ts';

const schemas = gleapSchemas();
const dir = mkdtempSync(join(tmpdir(), 'gleap-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Gleap sandbox: seed data, admin API, reset and snapshot', () => {
  it('seeds a demo project with contacts, a team and tickets with conversations', async () => {
    const sandbox = await startGleapSandbox({ seed: true });
    try {
      expect(sandbox.demo).toEqual({
        projectId: GLEAP_DEMO_PROJECT.id,
        apiKey: GLEAP_DEMO_PROJECT.apiKey,
        name: GLEAP_DEMO_PROJECT.name,
      });
      const call = gleapCaller(sandbox.url, sandbox.demo!);
      const sessions = await call('GET', '/sessions');
      expect(sessions.body).toHaveLength(25);
      const sessionDocument = schemas.response('/sessions/by-user-id/{userId}', 'get');
      for (const session of sessions.body) expectSchema(sessionDocument, session);
      const tickets = await call('GET', '/tickets?sort=-updatedAt');
      expect(tickets.body.totalCount).toBe(12);
      expect(new Set(tickets.body.tickets.map((t: Json) => t.type))).toEqual(
        new Set(['INQUIRY', 'BUG', 'FEATURE_REQUEST']),
      );
      const conversation = await call(
        'GET',
        `/messages?ticket=${tickets.body.tickets[0]._id}&sort=createdAt`,
      );
      expect(conversation.body.length).toBeGreaterThan(0);
      const createdTimes = sessions.body.map((s: Json) => s.createdAt);
      expect(createdTimes.every((at: string) => at < new Date().toISOString())).toBe(true);

      const me = await call('GET', '/users/me');
      expectSchema(schemas.response('/users/me', 'get'), me.body);
      const team = await call('GET', '/projects/users');
      expect(team.body.map((u: Json) => u.firstName)).toEqual(['Sandbox', 'Maya', 'Tom', 'Ines']);
    } finally {
      await sandbox.close();
    }
  });

  it('lets a test change a contact "in the app" and resets to the starting state', async () => {
    const sandbox = await startGleapSandbox({ seed: { contacts: 3, tickets: 1 } });
    try {
      const call = gleapCaller(sandbox.url, sandbox.demo!);
      const [first] = (await call('GET', '/sessions')).body;
      const patched = await adminCall(
        sandbox.url,
        'PATCH',
        `/projects/${sandbox.demo!.projectId}/sessions/${first._id}`,
        {
          name: 'Renamed In App',
        },
      );
      expect(patched.status).toBe(200);
      const seen = (await call('GET', `/sessions/${first._id}`)).body;
      expect(seen.name).toBe('Renamed In App');
      expect(seen.updatedAt > first.updatedAt).toBe(true);
      expect(seen.identityHistory.at(-1).by).toMatchObject({ source: 'app', hasApiKey: false });
      const invalid = await adminCall(
        sandbox.url,
        'PATCH',
        `/projects/${sandbox.demo!.projectId}/sessions/${first._id}`,
        {
          tags: 'not-a-list',
        },
      );
      expect(invalid.status).toBe(400);

      await call('POST', '/sessions', { name: 'Extra' });
      expect((await adminCall(sandbox.url, 'POST', '/reset')).body).toEqual({ reset: true });
      const after = (await call('GET', '/sessions')).body;
      expect(after.map((s: Json) => s.name)).not.toContain('Extra');
      expect(after).toHaveLength(3);
      expect(after[0].name).toBe(first.name);
    } finally {
      await sandbox.close();
    }
  });

  it('keeps its state in a snapshot file across restarts', async () => {
    const snapshotFile = join(dir, 'gleap.json');
    const first = await startGleapSandbox({ snapshotFile });
    const credentials = first.admin.createProject({ name: 'Kept' });
    const call = gleapCaller(first.url, credentials);
    const contact = (await call('POST', '/sessions', { userId: 'keep-me', name: 'Kept Contact' })).body;
    await call('POST', '/tickets', { title: 'Kept ticket', session: contact._id });
    await first.close();

    const second = await startGleapSandbox({ snapshotFile });
    try {
      const again = gleapCaller(second.url, credentials);
      expect((await again('GET', '/sessions/by-user-id/keep-me')).body._id).toBe(contact._id);
      const tickets = (await again('GET', '/tickets')).body;
      expect(tickets.tickets[0]).toMatchObject({
        title: 'Kept ticket',
        bugId: 1,
        session: { _id: contact._id },
      });
      expect((await again('POST', '/tickets', { title: 'Next' })).body.bugId).toBe(2);
    } finally {
      await second.close();
    }
  });
});
