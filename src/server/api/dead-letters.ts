import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../kernel/errors.ts';
import type { Runtime } from '../runtime.ts';
import { conflict } from './errors.ts';
import { routeSchema } from './route-docs.ts';
import { deadLettersQuery, deadLetterView, idParams, parseRequest } from './schemas.ts';
import { deadLetterOf } from './views.ts';

const replayedJob = z.object({ id: z.string(), replayed: z.literal(true) });

/** Jobs that used up their attempts (or could not succeed): listed, and sent back to the queue. */
export function deadLetterRoutes(api: FastifyInstance, runtime: Runtime): void {
  const { queue } = runtime;

  api.get(
    '/dead-letters',
    {
      schema: routeSchema({
        tag: 'dead letters',
        summary: 'List dead letters, most recent first',
        query: deadLettersQuery,
        ok: { 200: { schema: z.array(deadLetterView), description: 'The dead jobs' } },
        errors: [400],
      }),
    },
    async (request) => {
      const { kind, limit } = parseRequest(deadLettersQuery, request.query, 'query');
      return (await queue.deadLetters(kind, limit)).map(deadLetterOf);
    },
  );

  api.post(
    '/dead-letters/:id/replay',
    {
      schema: routeSchema({
        tag: 'dead letters',
        summary: 'Send a dead job back to the queue with its attempts reset',
        description: 'A flow step replayed this way goes on with the rest of its run.',
        params: idParams,
        ok: { 202: { schema: replayedJob, description: 'The job is queued again' } },
        errors: [404, 409],
      }),
    },
    async (request, reply) => {
      const { id } = parseRequest(idParams, request.params, 'params');
      if (!(await queue.replay(id))) {
        const job = await queue.get(id);
        if (!job) throw new NotFoundError(`No job "${id}".`, { hint: 'GET /api/dead-letters lists them.' });
        throw conflict(`Job ${id} is ${job.status}, not dead; only a dead letter can be replayed.`);
      }
      return reply.code(202).send({ id, replayed: true });
    },
  );
}
