import type { z } from 'zod';
import { NotFoundError } from '../../kernel/errors.ts';
import type { RunStatus } from '../../store/runs.ts';
import type { Runtime } from '../runtime.ts';
import { conflict } from './errors.ts';
import type { runDetail, runSummary } from './schemas.ts';
import { runDetailOf, runSummaryOf } from './views.ts';

type RunHistoryDeps = Pick<Runtime, 'repos' | 'engine'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shared by `GET /api/runs` and `ghl-bridge flows runs`. */
export async function listRuns(
  deps: RunHistoryDeps,
  filter: { flow?: string | undefined; status?: RunStatus | undefined; limit?: number | undefined },
): Promise<Array<z.output<typeof runSummary>>> {
  const runs = await deps.repos.runs.list({
    ...(filter.flow ? { flowId: await flowIdOf(deps, filter.flow) } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.limit ? { limit: filter.limit } : {}),
  });
  return runs.map(runSummaryOf);
}

/** A flow's id by id or name; the id of a deleted flow still finds its runs. */
async function flowIdOf(deps: RunHistoryDeps, flow: string): Promise<string> {
  const found = await deps.repos.flows.find(flow);
  if (found) return found.id;
  if (UUID.test(flow)) return flow;
  throw new NotFoundError(`No flow "${flow}".`, { hint: 'List flows with `ghl-bridge flows list`.' });
}

export async function runWithSteps(deps: RunHistoryDeps, id: string): Promise<z.output<typeof runDetail>> {
  const run = await deps.repos.runs.get(id);
  if (!run) throw noRun(id);
  return runDetailOf(run, await deps.repos.runs.steps(run.id));
}

/**
 * Sends a failed run back to its failed step; the steps that succeeded are not run again.
 * The bridge's workers (`ghl-bridge start`) pick the step up.
 */
export async function replayRun(deps: RunHistoryDeps, id: string): Promise<z.output<typeof runSummary>> {
  const run = await deps.repos.runs.get(id);
  if (!run) throw noRun(id);
  if (run.status !== 'failed') {
    throw conflict(`Run ${id} is ${run.status}; only a failed run can be replayed. Nothing was changed.`);
  }
  if (!(await deps.engine.replay(id))) {
    throw conflict(`Run ${id} changed while it was being replayed; look at it again.`);
  }
  const replayed = await deps.repos.runs.get(id);
  return runSummaryOf(replayed ?? run);
}

function noRun(id: string): NotFoundError {
  return new NotFoundError(`No run "${id}".`, {
    hint: 'List runs with GET /api/runs or `ghl-bridge flows runs`.',
  });
}
