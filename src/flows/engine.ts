import { runAction } from '../connectors/run-action.ts';
import type { ConnectorServices } from '../connectors/services.ts';
import { AuthError, BridgeError, RateLimitError } from '../kernel/errors.ts';
import type { JobContext, Queue } from '../queue/types.ts';
import { GiveUp, RetryLater } from '../queue/types.ts';
import type { FlowsRepository } from '../store/flows.ts';
import type { InboxEvent, InboxRepository } from '../store/inbox.ts';
import type { Run, RunsRepository } from '../store/runs.ts';
import type { FlowDocument, FlowStep } from './definition.ts';
import { ExpressionError } from './expressions.ts';
import { type ExpressionContext, isTrue, mapInput } from './mapping.ts';
import { flowMatches } from './matching.ts';
import { redact } from './redact.ts';

export const INBOX_JOB = 'inbox.event';
export const STEP_JOB = 'flow.step';
/** A connection waiting to be re-authorized is looked at again this often; its jobs wait, they are not dropped. */
const REAUTH_RECHECK_MS = 5 * 60 * 1000;
/** Longer than any step can take (HTTP timeouts times retries), shorter than a person waits. */
const STEP_LOCK_MS = 10 * 60 * 1000;

export interface EngineDeps {
  services: ConnectorServices;
  queue: Queue;
  inbox: InboxRepository;
  flows: FlowsRepository;
  runs: RunsRepository;
}

interface StepJob {
  runId: string;
  stepIndex: number;
}

/**
 * Inbox event → a run of every enabled flow it matches → one queue job per step. Each step
 * is recorded (input, output, error, attempts, duration); a step that succeeded is never run
 * again for the same run, so a retried or replayed job cannot act twice through the engine.
 */
export function createFlowEngine(deps: EngineDeps) {
  const { queue, runs } = deps;

  async function enqueueStep(run: Run, stepIndex: number): Promise<void> {
    const definition = run.definition as FlowDocument;
    const step = definition.steps[stepIndex];
    await queue.enqueue<StepJob>(
      STEP_JOB,
      { runId: run.id, stepIndex },
      { key: `${run.id}:${stepIndex}`, maxAttempts: step?.maxAttempts ?? 5 },
    );
  }

  async function dispatch(eventId: string): Promise<number> {
    const event = await deps.inbox.get(eventId);
    if (!event) return 0;
    let started = 0;
    for (const flow of await deps.flows.list({ enabledOnly: true })) {
      const document = flow.definition as FlowDocument;
      if (!flowMatches(document, event, await connectionIdsOf(document))) continue;
      const run =
        (await runs.start({
          flowId: flow.id,
          eventId,
          definition: document,
          triggerPayload: event.payload,
        })) ?? (await runs.findFor(flow.id, eventId));
      if (run?.status !== 'running') continue;
      if (!(await isTrue(document.filter, contextFor(run, event, {})).catch(() => false))) {
        await runs.finish(run.id, 'skipped', 'The filter did not match.');
        continue;
      }
      // Enqueued even when the run existed: a crash between start and enqueue must not strand it.
      await enqueueStep(run, 0);
      started++;
    }
    await deps.inbox.markDone(eventId);
    return started;
  }

  async function connectionIdsOf(document: FlowDocument): Promise<Set<string>> {
    if (!document.trigger.connection) return new Set();
    const connection = await deps.services.connections.find(document.trigger.connection);
    return new Set(connection ? [connection.id] : []);
  }

  /**
   * One worker at a time per step of a run: a duplicate job (an event dispatched again after a
   * crash, a replay racing a retry) waits instead of acting twice. The holder is the job, so
   * the same job retried after its worker died takes the lock back at once.
   */
  async function runStep(job: StepJob, context: JobContext): Promise<void> {
    const lock = `flow-step:${job.runId}:${job.stepIndex}`;
    if (!(await deps.services.locks.tryAcquire(lock, context.id, STEP_LOCK_MS))) {
      throw new RetryLater(
        new Date(Date.now() + 2_000),
        'Another worker is running this step; trying again shortly.',
      );
    }
    try {
      await runStepOnce(job, context);
    } finally {
      await deps.services.locks.release(lock, context.id);
    }
  }

  async function runStepOnce(job: StepJob, context: JobContext): Promise<void> {
    let run = await runs.get(job.runId);
    if (!run) return;
    if (run.status === 'failed' && run.failedStep === job.stepIndex) {
      // The step's dead-letter job was replayed: the run goes on from here.
      await runs.finish(run.id, 'running');
      run = { ...run, status: 'running' };
    }
    if (run.status !== 'running') return;
    const definition = run.definition as FlowDocument;
    const step = definition.steps[job.stepIndex];
    if (!step) {
      await runs.finish(run.id, 'succeeded');
      return;
    }
    const recorded = await runs.steps(run.id);
    const done = recorded.find((s) => s.stepKey === step.key);
    if (done && (done.status === 'succeeded' || done.status === 'skipped')) return next(run, job.stepIndex);

    const outputs = Object.fromEntries(
      recorded.filter((s) => s.status === 'succeeded').map((s) => [s.stepKey, s.output]),
    );
    const event = await deps.inbox.get(run.eventId);
    const expressionContext = contextFor(run, event, outputs);
    const startedAt = Date.now();
    let input: Record<string, unknown> | undefined;
    try {
      if (!(await isTrue(step.when, expressionContext))) {
        await record(run, job, step, 'skipped', { startedAt, error: 'Its condition was false.' });
        return next(run, job.stepIndex);
      }
      input = await mapInput(step.input, expressionContext);
      const output = await runAction(deps.services, {
        action: step.action,
        connection: step.connection,
        input,
        idempotencyKey: `${run.id}:${step.key}`,
        signal: context.signal,
      });
      await record(run, job, step, 'succeeded', { startedAt, input, output, attempts: context.attempt });
      return next(run, job.stepIndex);
    } catch (error) {
      await handleFailure(run, job, step, context, error, { startedAt, input });
    }
  }

  async function handleFailure(
    run: Run,
    job: StepJob,
    step: FlowStep,
    context: JobContext,
    error: unknown,
    at: { startedAt: number; input: Record<string, unknown> | undefined },
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const base = { ...at, error: message, attempts: context.attempt };
    if (error instanceof RateLimitError) {
      await record(run, job, step, 'pending', base);
      throw new RetryLater(error.resetAt, message);
    }
    if (error instanceof AuthError && error.needsReauth) {
      await record(run, job, step, 'pending', base);
      throw new RetryLater(new Date(Date.now() + REAUTH_RECHECK_MS), message);
    }
    const permanent =
      error instanceof ExpressionError ||
      (error instanceof BridgeError &&
        !error.retryable &&
        error.code !== 'network' &&
        error.code !== 'outcome_unknown');
    if (step.onError === 'skip') {
      await record(run, job, step, 'skipped', base);
      return next(run, job.stepIndex);
    }
    const lastAttempt = permanent || step.onError === 'stop' || context.attempt >= step.maxAttempts;
    await record(run, job, step, lastAttempt ? 'failed' : 'running', base);
    if (!lastAttempt) throw error;
    await runs.finish(run.id, 'failed', `Step ${step.key} (${step.action}): ${message}`, job.stepIndex);
    // The job ends in the dead letters; replaying it (or the run) goes on from this step.
    throw new GiveUp(message, { cause: error });
  }

  async function next(run: Run, stepIndex: number): Promise<void> {
    const definition = run.definition as FlowDocument;
    if (stepIndex + 1 >= definition.steps.length) {
      await runs.finish(run.id, 'succeeded');
      return;
    }
    await enqueueStep(run, stepIndex + 1);
  }

  async function record(
    run: Run,
    job: StepJob,
    step: FlowStep,
    status: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped',
    details: { startedAt: number; input?: unknown; output?: unknown; error?: string; attempts?: number },
  ): Promise<void> {
    await runs.recordStep(run.id, {
      stepIndex: job.stepIndex,
      stepKey: step.key,
      action: step.action,
      status,
      attempts: details.attempts ?? 1,
      input: details.input === undefined ? null : redact(details.input),
      output: details.output === undefined ? null : redact(details.output),
      error: details.error ?? null,
      requests: null,
      startedAt: details.startedAt,
      durationMs: Date.now() - details.startedAt,
    });
  }

  /** Runs a failed run again from its failed step; steps that succeeded are not repeated. */
  async function replay(runId: string): Promise<boolean> {
    const run = await runs.get(runId);
    if (run?.status !== 'failed') return false;
    await runs.finish(run.id, 'running');
    await enqueueStep({ ...run, status: 'running' }, run.failedStep ?? 0);
    return true;
  }

  async function start(concurrency: number): Promise<void> {
    await queue.work<{ eventId: string }>(
      INBOX_JOB,
      async ({ eventId }) => {
        await dispatch(eventId);
      },
      { concurrency },
    );
    await queue.work<StepJob>(STEP_JOB, runStep, { concurrency });
  }

  return { dispatch, runStep, replay, start };
}

export type FlowEngine = ReturnType<typeof createFlowEngine>;

function contextFor(
  run: Run,
  event: InboxEvent | undefined,
  steps: Record<string, unknown>,
): ExpressionContext {
  return {
    trigger: run.triggerPayload,
    event: {
      id: run.eventId,
      type: event?.eventType ?? '',
      source: event?.source ?? '',
      receivedAt: new Date(event?.receivedAt ?? run.startedAt).toISOString(),
    },
    steps,
  };
}
