import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryLater } from '../../src/queue/types.ts';
import { type WebhookBridge, webhookBridge } from '../server/webhooks-support.ts';

/** A step of a run acts once, even when two jobs for it reach two workers at the same time. */
describe('flow steps', () => {
  let h: WebhookBridge;

  beforeAll(async () => {
    h = await webhookBridge();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('runs a duplicated step job once: the second waits, then finds the step done', async () => {
    const { contact } = await h.api('POST', '/contacts/', {
      locationId: h.locationId,
      email: 'twice@example.com',
    });
    const flow = await h.runtime.flows.save({
      name: 'Welcome task',
      enabled: false,
      trigger: { event: 'ghl.contact-created', connection: 'ghl-main' },
      steps: [
        {
          key: 'task',
          action: 'ghl.create-task',
          connection: 'ghl-main',
          input: { contactId: 'trigger.id', title: "'Welcome call'", dueDate: "'2026-12-01T09:00:00Z'" },
        },
      ],
    });
    const event = await h.runtime.repos.inbox.add({
      source: 'ghl',
      connectionId: h.connection.id,
      eventType: 'ContactCreate',
      dedupeKey: 'twice',
      payload: { id: contact.id },
    });
    const run = (await h.runtime.repos.runs.start({
      flowId: flow.id,
      eventId: String(event?.id),
      definition: flow.definition,
      triggerPayload: { id: contact.id },
    }))!;
    // A slow API makes the two jobs overlap.
    h.sandbox.faults.configure({ latencyMs: 400 });
    const jobContext = (id: string) => ({
      id,
      kind: 'flow.step',
      attempt: 1,
      maxAttempts: 5,
      signal: new AbortController().signal,
    });
    const outcomes = await Promise.allSettled([
      h.runtime.engine.runStep({ runId: run.id, stepIndex: 0 }, jobContext('job-a')),
      h.runtime.engine.runStep({ runId: run.id, stepIndex: 0 }, jobContext('job-b')),
    ]);
    h.sandbox.faults.configure({ latencyMs: 0 });
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(RetryLater);

    // The waiting job's retry finds the step done and does not act again.
    await h.runtime.engine.runStep({ runId: run.id, stepIndex: 0 }, jobContext('job-b'));
    const { tasks } = await h.api('GET', `/contacts/${contact.id}/tasks`);
    expect(tasks).toHaveLength(1);
    expect((await h.runtime.repos.runs.get(run.id))?.status).toBe('succeeded');
  });
});
