import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Runtime } from '../runtime.ts';
import { routeSchema } from './route-docs.ts';
import { listRuns, replayRun, runWithSteps } from './run-history.ts';
import { idParams, parseRequest, runDetail, runSummary, runsQuery } from './schemas.ts';

/** Run history: what each flow did with each event, step by step; failed runs can be replayed. */
export function runRoutes(api: FastifyInstance, runtime: Runtime): void {
  const idOf = (params: unknown) => parseRequest(idParams, params, 'params').id;

  api.get(
    '/runs',
    {
      schema: routeSchema({
        tag: 'runs',
        summary: 'List runs, newest first',
        query: runsQuery,
        ok: { 200: { schema: z.array(runSummary), description: 'The runs' } },
        errors: [400, 404],
      }),
    },
    async (request) => listRuns(runtime, parseRequest(runsQuery, request.query, 'query')),
  );

  api.get(
    '/runs/:id',
    {
      schema: routeSchema({
        tag: 'runs',
        summary: 'One run with its steps: input, output, error, attempts, duration (secrets redacted)',
        params: idParams,
        ok: { 200: { schema: runDetail, description: 'The run' } },
        errors: [404],
      }),
    },
    async (request) => runWithSteps(runtime, idOf(request.params)),
  );

  api.post(
    '/runs/:id/replay',
    {
      schema: routeSchema({
        tag: 'runs',
        summary: 'Replay a failed run from its failed step',
        description:
          'Steps that succeeded are not run again. The workers of `ghl-bridge start` run the step; the run shows `running` until then.',
        params: idParams,
        ok: { 202: { schema: runSummary, description: 'The run, sent back to its failed step' } },
        errors: [404, 409],
      }),
    },
    async (request, reply) => reply.code(202).send(await replayRun(runtime, idOf(request.params))),
  );
}
