import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookDelivery } from '../../src/sandbox/common/webhooks.ts';
import { waitFor } from '../support/databases.ts';
import { type Json, type WebhookBridge, webhookBridge } from './webhooks-support.ts';

describe('POST /webhooks/ghl', () => {
  let b: WebhookBridge;

  beforeAll(async () => {
    b = await webhookBridge({ env: { WEBHOOK_MAX_AGE_SECONDS: '1', WEBHOOK_BODY_LIMIT: '4096' } });
  });
  afterAll(async () => {
    await b.close();
  });

  /** A webhook the sandbox signed but did not deliver (no target), to post by hand. */
  async function undelivered(change: () => Promise<unknown>, event: string): Promise<WebhookDelivery> {
    b.sandbox.webhooks.setTarget(null);
    try {
      b.sandbox.webhooks.clearDeliveries();
      await change();
      const found = b.sandbox.webhooks.deliveries({ event }).at(-1);
      if (!found) throw new Error(`the sandbox emitted no ${event}`);
      return found;
    } finally {
      b.sandbox.webhooks.setTarget(b.webhookUrl);
    }
  }

  const createContact = (email: string) =>
    b.api('POST', '/contacts/', { locationId: b.locationId, email, firstName: 'Wanda' });

  async function jobsFor(eventId: string): Promise<Json[]> {
    const rows = await b.runtime.store.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'inbox.event')
      .execute();
    return rows.filter((row) => JSON.parse(row.payload).eventId === eventId);
  }

  it('stores a webhook the sandbox signs and delivers after an API change, once, and enqueues its job', async () => {
    const before = await b.inboxCount();
    b.sandbox.webhooks.clearDeliveries();
    const { contact } = await createContact('wanda@example.com');
    await b.sandbox.webhooks.settled();
    const [delivery] = b.sandbox.webhooks.deliveries({ event: 'ContactCreate' });
    expect(delivery?.state).toBe('delivered');
    expect(delivery?.attempts.map((a) => a.status)).toEqual([200]);

    expect(await b.inboxCount()).toBe(before + 1);
    const webhookId = JSON.parse(delivery!.body).webhookId;
    const row = await b.runtime.store.db
      .selectFrom('inbox_events')
      .selectAll()
      .where('dedupe_key', '=', webhookId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'ghl', event_type: 'ContactCreate', connection_id: b.connection.id });
    expect(JSON.parse(row.payload)).toMatchObject({ id: contact.id, email: 'wanda@example.com' });
    expect(await jobsFor(row.id)).toHaveLength(1);

    // The same delivery again (a replay) is refused and adds nothing.
    const again = await b.post(delivery!.body, delivery!.headers);
    expect(again.status).toBe(409);
    expect(await b.inboxCount()).toBe(before + 1);
    expect(await jobsFor(row.id)).toHaveLength(1);
  });

  it('refuses a tampered body, a wrong key and a missing signature with 401, storing nothing', async () => {
    const delivery = await undelivered(() => createContact('tamper@example.com'), 'ContactCreate');
    const before = await b.inboxCount();

    const tampered = delivery.body.replace('tamper@example.com', 'attacker@example.com');
    expect((await b.post(tampered, delivery.headers)).status).toBe(401);

    const stranger = generateKeyPairSync('ed25519').privateKey;
    expect((await b.post(delivery.body, b.signed(delivery.body, stranger))).status).toBe(401);

    const { 'x-ghl-signature': _dropped, ...unsigned } = delivery.headers;
    const refused = await b.post(delivery.body, unsigned);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toContain('signature');

    expect(await b.inboxCount()).toBe(before);
    // The genuine delivery is still accepted afterwards: nothing above consumed its webhookId.
    expect((await b.post(delivery.body, delivery.headers)).status).toBe(200);
    expect(await b.inboxCount()).toBe(before + 1);
  });

  it('accepts the legacy x-wh-signature (RSA-SHA256) on its own', async () => {
    b.sandbox.admin.setLegacySignature(true);
    try {
      const delivery = await undelivered(() => createContact('legacy@example.com'), 'ContactCreate');
      const { 'x-ghl-signature': _modern, ...legacyOnly } = delivery.headers;
      expect(legacyOnly['x-wh-signature']).toBeDefined();
      const before = await b.inboxCount();
      expect((await b.post(delivery.body, legacyOnly)).status).toBe(200);
      expect(await b.inboxCount()).toBe(before + 1);
      const forged = { ...legacyOnly, 'x-wh-signature': Buffer.alloc(512, 7).toString('base64') };
      expect((await b.post(delivery.body.replace('legacy@', 'legacy2@'), forged)).status).toBe(401);
    } finally {
      b.sandbox.admin.setLegacySignature(false);
    }
  });

  it('refuses a stale timestamp with 401, storing nothing', async () => {
    const delivery = await undelivered(() => createContact('stale@example.com'), 'ContactCreate');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const before = await b.inboxCount();
    const answer = await b.post(delivery.body, delivery.headers);
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatch(/timestamp is older/);
    expect(await b.inboxCount()).toBe(before);
  });

  it('refuses malformed JSON and bodies that are not GHL events with 400, storing nothing', async () => {
    const before = await b.inboxCount();
    const broken = '{"type":"ContactCreate","locationId":';
    expect((await b.post(broken, b.signed(broken))).status).toBe(400);
    const typeless = JSON.stringify({
      locationId: b.locationId,
      id: 'x',
      timestamp: new Date().toISOString(),
    });
    const answer = await b.post(typeless, b.signed(typeless));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toContain('type');
    expect(await b.inboxCount()).toBe(before);
  });

  it('refuses a body over WEBHOOK_BODY_LIMIT with 413, storing nothing', async () => {
    const before = await b.inboxCount();
    const body = JSON.stringify({
      type: 'NoteCreate',
      locationId: b.locationId,
      id: 'n1',
      body: 'x'.repeat(5_000),
      webhookId: 'too-big',
      timestamp: new Date().toISOString(),
    });
    expect((await b.post(body, b.signed(body))).status).toBe(413);
    expect(await b.inboxCount()).toBe(before);
  });

  it("answers 429 while the database cannot store, and stores the sandbox's redelivery once", async () => {
    // Past the age limit too: a retry of a webhook answered 429 carries its first timestamp.
    b.sandbox.webhooks.configure({ retryIntervalMs: 1_300 });
    await sql`PRAGMA busy_timeout = 50`.execute(b.runtime.store.db);
    const blocker = new SqliteDatabase(join(b.dataDir, 'bridge.db'));
    const before = await b.inboxCount();
    try {
      blocker.exec('BEGIN EXCLUSIVE');
      b.sandbox.webhooks.clearDeliveries();
      await createContact('locked@example.com');
      const delivery = await waitFor(() => {
        const found = b.sandbox.webhooks.deliveries({ event: 'ContactCreate' })[0];
        return found && found.attempts.length > 0 ? found : undefined;
      });
      expect(delivery.attempts[0]?.status).toBe(429);
      expect(await b.inboxCount()).toBe(before);
    } finally {
      blocker.exec('COMMIT');
      blocker.close();
      await sql`PRAGMA busy_timeout = 5000`.execute(b.runtime.store.db);
    }
    await b.sandbox.webhooks.settled();
    const delivery = b.sandbox.webhooks.deliveries({ event: 'ContactCreate' })[0]!;
    expect(delivery.state).toBe('delivered');
    expect(delivery.attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(await b.inboxCount()).toBe(before + 1);
    b.sandbox.webhooks.configure({ retryIntervalMs: 200 });
  });

  it('stores an event for a location no connection holds without queueing it, and counts outcomes in /metrics', async () => {
    const body = JSON.stringify({
      type: 'NoteCreate',
      locationId: 'UnknownLocation00001',
      id: 'note-elsewhere',
      body: 'hi',
      contactId: 'c1',
      webhookId: 'wh-elsewhere',
      timestamp: new Date().toISOString(),
    });
    const answer = await b.post(body, b.signed(body));
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('unmatched');
    const row = await b.runtime.store.db
      .selectFrom('inbox_events')
      .selectAll()
      .where('dedupe_key', '=', 'wh-elsewhere')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.error).toContain('UnknownLocation00001');
    expect(await jobsFor(row.id)).toHaveLength(0);

    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    for (const outcome of [
      'stored',
      'duplicate',
      'refused',
      'malformed',
      'too_large',
      'unavailable',
      'unmatched',
    ]) {
      expect(metrics).toMatch(
        new RegExp(`ghl_bridge_webhooks_received_total\\{source="ghl",outcome="${outcome}"\\} [1-9]`),
      );
    }
  });
});
