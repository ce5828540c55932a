import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { connectGleap } from '../../src/connectors/gleap/connect.ts';
import { type GleapSandbox, startGleapSandbox } from '../../src/sandbox/gleap/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createRuntime, type Runtime } from '../../src/server/runtime.ts';
import type { Connection } from '../../src/store/connections.ts';
import type { Json } from '../support/app-sandboxes.ts';
import { waitFor } from '../support/databases.ts';

let sandbox: GleapSandbox;
let runtime: Runtime;
let app: FastifyInstance;
let bridgeUrl: string;
let connection: Connection;
let webhookPath: string;
let projectId: string;
const logLines: string[] = [];

beforeAll(async () => {
  sandbox = await startGleapSandbox({ seed: { contacts: 3, tickets: 3 } });
  projectId = sandbox.demo?.projectId ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'gleap-webhooks-'));
  const config = loadConfig({
    env: { DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}`, LOG_LEVEL: 'info' },
  });
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  runtime = await createRuntime(config, createLogger('info', sink), { queuePollMs: 50 });
  app = await buildServer(runtime);
  bridgeUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  ({ connection, webhookPath } = await connectGleap(runtime.services, {
    name: 'gleap',
    apiKey: sandbox.demo?.apiKey ?? '',
    projectId,
    baseUrl: sandbox.url,
  }));
});

afterAll(async () => {
  await app.close();
  await runtime.close({ timeoutMs: 500 }).catch(() => {});
  await sandbox.close();
});

const inboxCount = () => runtime.repos.inbox.count('gleap');
const inboxJobs = async () =>
  (
    await runtime.store.db
      .selectFrom('jobs')
      .select(['payload', 'dedupe_key'])
      .where('kind', '=', 'inbox.event')
      .execute()
  ).map((job) => ({ payload: JSON.parse(job.payload) as { eventId: string }, key: job.dedupe_key }));
const post = (path: string, body: unknown) =>
  fetch(`${bridgeUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('Gleap webhooks', () => {
  it('stores a webhook sent by Gleap to the connection URL, enqueues it once, and stores a redelivery once', async () => {
    sandbox.admin.addWebhook(projectId, { name: 'ghl-bridge', url: `${bridgeUrl}${webhookPath}` });
    const ticket = sandbox.admin.tickets(projectId)[0] as Json;
    sandbox.admin.updateTicket(projectId, ticket._id, { status: 'DONE' });
    await sandbox.admin.webhooksSettled();
    await waitFor(async () => (await inboxCount()) === 1);

    const row = await runtime.store.db
      .selectFrom('inbox_events')
      .selectAll()
      .where('source', '=', 'gleap')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      connection_id: connection.id,
      event_type: 'ticket.updated',
      status: 'pending',
    });
    const payload = JSON.parse(row.payload);
    expect(payload).toMatchObject({
      event: 'ticket.updated',
      projectId,
      data: { _id: ticket._id, status: 'DONE' },
    });
    expect(row.dedupe_key).toBe(`ticket.updated:${ticket._id}:${payload.data.updatedAt}`);
    expect(await inboxJobs()).toEqual([{ payload: { eventId: row.id }, key: row.id }]);
    expect(
      sandbox.admin
        .deliveries('ticket.updated')
        .at(-1)
        ?.attempts.map((a) => a.status),
    ).toEqual([200]);

    const again = await post(webhookPath, payload);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(await inboxCount()).toBe(1);
    expect(await inboxJobs()).toHaveLength(1);
  });

  it('refuses a wrong secret, stores nothing and enqueues nothing', async () => {
    const before = { inbox: await inboxCount(), jobs: (await inboxJobs()).length };
    sandbox.admin.clearWebhooks(projectId);
    sandbox.admin.addWebhook(projectId, {
      name: 'stale',
      url: `${bridgeUrl}/webhooks/gleap/${connection.id}/not-the-secret`,
    });
    const created = sandbox.admin.createTicket(projectId, { title: 'Sent to a stale URL' });
    await sandbox.admin.webhooksSettled();
    const refused = sandbox.admin.deliveries('ticket.created').at(-1);
    expect(refused?.attempts.map((a) => a.status)).toEqual([401]);
    expect(refused?.state).toBe('failed');

    const secret = webhookPath.split('/').at(-1) ?? '';
    const body = { event: 'ticket.created', projectId, data: created };
    const cases = [
      { path: `/webhooks/gleap/${connection.id}/${secret.slice(0, -1)}x`, status: 401 },
      { path: `/webhooks/gleap/${connection.id}/`, status: 401 },
      { path: `/webhooks/gleap/00000000-0000-0000-0000-000000000000/${secret}`, status: 404 },
      { path: `/webhooks/gleap/gleap/${secret}`, status: 404 },
    ];
    for (const { path, status } of cases) expect((await post(path, body)).status, path).toBe(status);
    expect(await inboxCount()).toBe(before.inbox);
    expect((await inboxJobs()).length).toBe(before.jobs);
    sandbox.admin.clearWebhooks(projectId);
  });

  it('refuses what is not a Gleap event of this project, naming the problem', async () => {
    const before = await inboxCount();
    const notAnEvent = await post(webhookPath, { hello: 'world' });
    expect(notAnEvent.status).toBe(400);
    expect(((await notAnEvent.json()) as Json).error).toContain('body.event');
    const otherProject = await post(webhookPath, {
      event: 'ticket.created',
      projectId: 'ffffffffffffffffffffffff',
      data: { _id: 'x' },
    });
    expect(otherProject.status).toBe(400);
    expect(((await otherProject.json()) as Json).error).toContain(projectId);
    expect(await inboxCount()).toBe(before);
  });

  it('never writes the URL secret to the log', () => {
    const secret = webhookPath.split('/').at(-1) ?? '';
    expect(secret.length).toBeGreaterThan(30);
    expect(logLines.join('')).not.toContain(secret);
  });

  it('answers 429 with Retry-After when the event cannot be stored, so that it is sent again', async () => {
    await sql`DROP TABLE inbox_events`.execute(runtime.store.db);
    const answer = await post(webhookPath, {
      event: 'ticket.updated',
      projectId,
      data: { _id: 'abc', updatedAt: '2025-01-01T00:00:00.000Z' },
    });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('60');
    expect(logLines.join('')).toContain('Gleap webhook not stored');
  });
});
