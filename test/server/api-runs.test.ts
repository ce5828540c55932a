import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/databases.ts';
import { type ApiHarness, apiHarness, type Json, tagFlowYaml } from './api-support.ts';

/**
 * A flow run through the engine fails (its connection is switched off), shows up in the run
 * history and the dead letters, is replayed through both endpoints, and succeeds once the
 * connection is back.
 */
describe('REST API: runs and dead letters', () => {
  let api: ApiHarness;
  let contactId: string;
  let runId: string;

  beforeAll(async () => {
    api = await apiHarness();
    await api.runtime.engine.start(1);
    ({
      contact: { id: contactId },
    } = await api.ghl('create-contact', { firstName: 'Replay', email: `replay-${Date.now()}@example.com` }));
    await api.call('POST', '/api/flows', { text: tagFlowYaml('tagger', 'replayed') });
    await api.call('POST', '/api/flows/tagger/enable');
    await api.runtime.repos.connections.update(api.connection.id, { status: 'disabled' });
    const event = await api.runtime.repos.inbox.add({
      source: 'ghl',
      connectionId: api.connection.id,
      eventType: 'ContactCreate',
      dedupeKey: `ContactCreate:${contactId}`,
      payload: { type: 'ContactCreate', locationId: api.locationId, id: contactId },
    });
    expect(await api.runtime.engine.dispatch(event!.id)).toBe(1);
  });

  afterAll(async () => {
    await api?.close();
  });

  const getRun = async () => (await api.call('GET', `/api/runs/${runId}`)).body;

  it('lists the failed run, filtered by flow name and status', async () => {
    const failed = await waitFor(async () => {
      const answer = await api.call('GET', '/api/runs?flow=tagger&status=failed');
      return answer.body.length === 1 ? (answer.body as Json[]) : undefined;
    });
    runId = failed[0].id;
    expect(failed[0]).toMatchObject({ flowName: 'tagger', status: 'failed', failedStep: 0 });
    expect(failed[0].error).toMatch(/disabled/);
    expect((await api.call('GET', '/api/runs?status=succeeded')).body).toEqual([]);
    expect((await api.call('GET', '/api/runs?flow=no-such-flow')).status).toBe(404);
    const badStatus = await api.call('GET', '/api/runs?status=done');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.issues[0].path).toBe('query.status');
  });

  it('shows a run with its steps and trigger payload', async () => {
    const run = await getRun();
    expect(run.triggerPayload).toMatchObject({ id: contactId });
    expect(run.definition.name).toBe('tagger');
    expect(run.steps).toEqual([
      expect.objectContaining({
        stepKey: 'tag',
        action: 'ghl.add-tags',
        status: 'failed',
        error: expect.any(String),
      }),
    ]);
    expect((await api.call('GET', '/api/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lists the dead step job and sends it back to the engine', async () => {
    const dead = (await api.call('GET', '/api/dead-letters?kind=flow.step')).body as Json[];
    const job = dead.find((d) => d.payload.runId === runId);
    expect(job).toMatchObject({ kind: 'flow.step', status: 'dead' });

    const firstAttemptAt = (await getRun()).steps[0].startedAt;
    const replayed = await api.call('POST', `/api/dead-letters/${job.id}/replay`);
    expect(replayed.status).toBe(202);
    // The connection is still off: the step runs again and fails again.
    await waitFor(async () => {
      const run = await getRun();
      return run.status === 'failed' && run.steps[0].startedAt !== firstAttemptAt;
    });
    expect((await api.call('POST', '/api/dead-letters/no-such-job/replay')).status).toBe(404);
  });

  it('replays a failed run from its failed step once the cause is fixed', async () => {
    await api.runtime.repos.connections.update(api.connection.id, { status: 'active' });
    const replayed = await api.call('POST', `/api/runs/${runId}/replay`);
    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({ id: runId, status: 'running' });

    await waitFor(async () => (await getRun()).status === 'succeeded');
    expect((await getRun()).steps[0]).toMatchObject({ status: 'succeeded', output: { tags: ['replayed'] } });
    const { contact } = await api.ghl('get-contact', { contactId });
    expect(contact.tags).toContain('replayed');

    const again = await api.call('POST', `/api/runs/${runId}/replay`);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/succeeded; only a failed run can be replayed/);
  });
});
