import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from '../../src/server/workers.ts';
import { type WebhookBridge, webhookBridge } from '../server/webhooks-support.ts';
import { waitFor } from '../support/databases.ts';

/**
 * Random webhook bodies at the receiver and random payloads through the engine: each is
 * answered or recorded with a clear outcome, and the process keeps serving.
 */
describe('random input at the webhook receiver and the engine', () => {
  let h: WebhookBridge;
  let workers: Workers;

  beforeAll(async () => {
    h = await webhookBridge();
    await h.runtime.flows.save({
      name: 'Remember every new contact',
      enabled: true,
      trigger: { event: 'ghl.contact-created', connection: 'ghl-main' },
      filter: '$exists(trigger.id)',
      steps: [
        {
          key: 'link',
          action: 'bridge.link-records',
          connection: 'bridge',
          input: {
            from: '{ "connection": "ghl-main", "entity": "contact", "id": $string(trigger.id) }',
            to: '{ "connection": "bridge", "entity": "seen", "id": $string(trigger.email) }',
          },
          maxAttempts: 1,
        },
      ],
    });
    workers = await startWorkers(h.runtime);
  }, 60_000);

  afterAll(async () => {
    workers?.stop();
    await h?.close();
  });

  it('answers every random body with a status, storing only signed, well-formed, fresh events', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc
        .record(
          {
            type: fc.constantFrom('ContactCreate', 'TaskCreate', 'Nope'),
            id: fc.string(),
            email: fc.string(),
          },
          { requiredKeys: [] },
        )
        .map((v) =>
          JSON.stringify({
            ...v,
            locationId: h.locationId,
            timestamp: new Date().toISOString(),
            webhookId: randomUUID(),
          }),
        ),
    );
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (text, sign) => {
        const before = await h.inboxCount();
        const { status } = await h.post(text, sign ? h.signed(text) : {});
        expect([200, 400, 401, 409, 413, 422]).toContain(status);
        const after = await h.inboxCount();
        if (status === 200) stored += after - before;
        else expect(after).toBe(before);
        if (!sign) expect(status).toBe(401);
      }),
      { numRuns: 150 },
    );
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    expect(stored).toBeGreaterThan(0);
  }, 120_000);

  it('runs or refuses any payload a flow receives, recording each run', async () => {
    const payload = fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        email: fc.oneof(fc.string(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    const webhookIds: string[] = [];
    await fc.assert(
      fc.asyncProperty(payload, async (fields) => {
        const webhookId = randomUUID();
        const text = JSON.stringify({
          type: 'ContactCreate',
          locationId: h.locationId,
          ...fields,
          timestamp: new Date().toISOString(),
          webhookId,
        });
        const { status } = await h.post(text, h.signed(text));
        expect(status).toBe(200);
        webhookIds.push(webhookId);
      }),
      { numRuns: 60 },
    );
    // Every event ends in a finished run (or is filtered out), none stays running.
    await waitFor(
      async () =>
        (await h.runtime.repos.runs.count('running')) === 0 && (await h.runtime.repos.runs.count()) > 0,
      30_000,
      100,
    );
    const failed = await h.runtime.repos.runs.list({ status: 'failed', limit: 100 });
    for (const run of failed) expect(run.error).toMatch(/Step link \(bridge\.link-records\): .{10,}/);
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
  }, 120_000);
});
