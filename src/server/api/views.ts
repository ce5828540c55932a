import type { z } from 'zod';
import { redact } from '../../flows/redact.ts';
import type { JobInfo } from '../../queue/types.ts';
import type { Connection } from '../../store/connections.ts';
import type { StoredFlow } from '../../store/flows.ts';
import type { Run, RunStep } from '../../store/runs.ts';
import type {
  connectionView,
  deadLetterView,
  flowView,
  runDetail,
  runStepView,
  runSummary,
} from './schemas.ts';

/** Store records as the API shows them: ISO times, and nothing secret-looking. */
const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function connectionOf(connection: Connection): z.output<typeof connectionView> {
  return {
    id: connection.id,
    name: connection.name,
    connector: connection.connector,
    status: connection.status,
    authType: connection.authType,
    scopes: connection.scopes,
    meta: redact(connection.meta) as Record<string, unknown>,
    createdAt: iso(connection.createdAt),
    updatedAt: iso(connection.updatedAt),
  };
}

export function flowOf(flow: StoredFlow): z.output<typeof flowView> {
  return {
    id: flow.id,
    name: flow.name,
    enabled: flow.enabled,
    version: flow.version,
    recipe: flow.recipe,
    definition: flow.definition,
    createdAt: iso(flow.createdAt),
    updatedAt: iso(flow.updatedAt),
  };
}

export function runSummaryOf(run: Run): z.output<typeof runSummary> {
  const name = run.definition?.name;
  return {
    id: run.id,
    flowId: run.flowId,
    flowName: typeof name === 'string' ? name : null,
    eventId: run.eventId,
    status: run.status,
    startedAt: iso(run.startedAt),
    finishedAt: isoOrNull(run.finishedAt),
    error: run.error,
    failedStep: run.failedStep,
  };
}

export function runDetailOf(run: Run, steps: RunStep[]): z.output<typeof runDetail> {
  return {
    ...runSummaryOf(run),
    triggerPayload: redact(run.triggerPayload),
    definition: run.definition,
    steps: steps.map(stepOf),
  };
}

function stepOf(step: RunStep): z.output<typeof runStepView> {
  return { ...step, startedAt: isoOrNull(step.startedAt) };
}

export function deadLetterOf(job: JobInfo): z.output<typeof deadLetterView> {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    lastError: job.lastError,
    runAt: job.runAt.toISOString(),
    payload: redact(job.payload),
  };
}
