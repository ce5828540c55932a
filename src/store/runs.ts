import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RunStepsTable, RunsTable, Schema } from './schema.ts';

export type RunStatus = RunsTable['status'];
export type StepStatus = RunStepsTable['status'];

export interface Run {
  id: string;
  flowId: string;
  eventId: string;
  status: RunStatus;
  dryRun: boolean;
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
  definition: Record<string, unknown> | null;
  triggerPayload: unknown;
  failedStep: number | null;
}

export interface RunStep {
  stepIndex: number;
  stepKey: string;
  action: string;
  status: StepStatus;
  attempts: number;
  input: unknown;
  output: unknown;
  error: string | null;
  requests: unknown;
  startedAt: number | null;
  durationMs: number | null;
}

const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

function toRun(row: RunsTable): Run {
  return {
    id: row.id,
    flowId: row.flow_id,
    eventId: row.event_id,
    status: row.status,
    dryRun: row.dry_run === 1,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    definition: json(row.definition) as Record<string, unknown> | null,
    triggerPayload: json(row.trigger_payload),
    failedStep: row.failed_step,
  };
}

function toStep(row: RunStepsTable): RunStep {
  return {
    stepIndex: row.step_index,
    stepKey: row.step_key,
    action: row.action,
    status: row.status,
    attempts: row.attempts,
    input: json(row.input),
    output: json(row.output),
    error: row.error,
    requests: json(row.requests),
    startedAt: row.started_at,
    durationMs: row.duration_ms,
  };
}

/** Run history: one run per (flow, event) — a redelivered event finds its run again. */
export function runsRepository(db: Kysely<Schema>) {
  return {
    /** Creates the run, or returns undefined when this flow already ran for this event. */
    async start(input: {
      flowId: string;
      eventId: string;
      definition: object;
      triggerPayload: unknown;
    }): Promise<Run | undefined> {
      const row: RunsTable = {
        id: randomUUID(),
        flow_id: input.flowId,
        event_id: input.eventId,
        status: 'running',
        dry_run: 0,
        started_at: Date.now(),
        finished_at: null,
        error: null,
        definition: JSON.stringify(input.definition),
        trigger_payload: JSON.stringify(input.triggerPayload ?? null),
        failed_step: null,
      };
      const result = await db
        .insertInto('runs')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? toRun(row) : undefined;
    },

    async get(id: string): Promise<Run | undefined> {
      const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRun(row) : undefined;
    },

    async findFor(flowId: string, eventId: string): Promise<Run | undefined> {
      const row = await db
        .selectFrom('runs')
        .selectAll()
        .where('flow_id', '=', flowId)
        .where('event_id', '=', eventId)
        .where('dry_run', '=', 0)
        .executeTakeFirst();
      return row ? toRun(row) : undefined;
    },

    async list(filter: { flowId?: string; status?: RunStatus; limit?: number } = {}): Promise<Run[]> {
      let query = db
        .selectFrom('runs')
        .selectAll()
        .orderBy('started_at', 'desc')
        .limit(filter.limit ?? 50);
      if (filter.flowId) query = query.where('flow_id', '=', filter.flowId);
      if (filter.status) query = query.where('status', '=', filter.status);
      return (await query.execute()).map(toRun);
    },

    async finish(
      id: string,
      status: RunStatus,
      error: string | null = null,
      failedStep: number | null = null,
    ): Promise<void> {
      await db
        .updateTable('runs')
        .set({
          status,
          error,
          failed_step: failedStep,
          finished_at: status === 'running' ? null : Date.now(),
        })
        .where('id', '=', id)
        .execute();
    },

    async steps(runId: string): Promise<RunStep[]> {
      const rows = await db
        .selectFrom('run_steps')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('step_index')
        .execute();
      return rows.map(toStep);
    },

    async recordStep(runId: string, step: Omit<RunStep, 'startedAt'> & { startedAt: number }): Promise<void> {
      const values = {
        run_id: runId,
        step_index: step.stepIndex,
        step_key: step.stepKey,
        action: step.action,
        status: step.status,
        attempts: step.attempts,
        input: step.input === undefined ? null : JSON.stringify(step.input),
        output: step.output === undefined ? null : JSON.stringify(step.output),
        error: step.error,
        requests:
          step.requests === undefined || step.requests === null ? null : JSON.stringify(step.requests),
        started_at: step.startedAt,
        duration_ms: step.durationMs,
      };
      await db
        .insertInto('run_steps')
        .values({ id: randomUUID(), ...values })
        .onConflict((oc) => oc.columns(['run_id', 'step_key']).doUpdateSet(values))
        .execute();
    },

    async count(status?: RunStatus): Promise<number> {
      let query = db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n'));
      if (status) query = query.where('status', '=', status);
      return Number((await query.executeTakeFirstOrThrow()).n);
    },
  };
}

export type RunsRepository = ReturnType<typeof runsRepository>;
