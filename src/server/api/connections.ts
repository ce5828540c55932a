import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Connection } from '../../store/connections.ts';
import { connectionsRepository } from '../../store/connections.ts';
import { secretsRepository } from '../../store/secrets.ts';
import type { Runtime } from '../runtime.ts';
import { conflict } from './errors.ts';
import { routeSchema } from './route-docs.ts';
import { connectionView, idParams, parseRequest } from './schemas.ts';
import { connectionOf } from './views.ts';

const listQuery = z.object({
  connector: z.string().min(1).optional().describe('Only this connector, e.g. ghl'),
});

/**
 * Connections are created by `ghl-bridge connect` and the OAuth routes; here they are listed,
 * shown and deleted. Their secrets never leave the vault.
 */
export function connectionRoutes(api: FastifyInstance, runtime: Runtime): void {
  const { connections } = runtime.repos;

  api.get(
    '/connections',
    {
      schema: routeSchema({
        tag: 'connections',
        summary: 'List connections',
        query: listQuery,
        ok: { 200: { schema: z.array(connectionView), description: 'The connections, by name' } },
        errors: [400],
      }),
    },
    async (request) => {
      const { connector } = parseRequest(listQuery, request.query, 'query');
      return (await connections.list(connector)).map(connectionOf);
    },
  );

  api.get(
    '/connections/:id',
    {
      schema: routeSchema({
        tag: 'connections',
        summary: 'One connection, by id or name',
        params: idParams,
        ok: { 200: { schema: connectionView, description: 'The connection' } },
        errors: [404],
      }),
    },
    async (request) =>
      connectionOf(await connections.get(parseRequest(idParams, request.params, 'params').id)),
  );

  api.delete(
    '/connections/:id',
    {
      schema: routeSchema({
        tag: 'connections',
        summary: 'Delete a connection and its stored secrets',
        description: 'Refused (409) while a flow or another connection depends on it.',
        params: idParams,
        ok: { 204: { schema: null, description: 'Deleted' } },
        errors: [404, 409],
      }),
    },
    async (request, reply) => {
      const connection = await connections.get(parseRequest(idParams, request.params, 'params').id);
      const dependents = await dependentsOf(runtime, connection);
      if (dependents.length > 0) {
        throw conflict(
          `Connection "${connection.name}" is used by ${dependents.join(', ')}; change or delete them first. Nothing was deleted.`,
        );
      }
      // One transaction: a connection is never left without its secrets, nor secrets without it.
      await runtime.store.db.transaction().execute(async (trx) => {
        await secretsRepository(trx, runtime.vault).remove(connection.id);
        await connectionsRepository(trx).remove(connection.id);
      });
      request.log.info(
        { connection: connection.name, connector: connection.connector },
        'connection deleted',
      );
      return reply.code(204).send();
    },
  );
}

async function dependentsOf(runtime: Runtime, connection: Connection): Promise<string[]> {
  const refersTo = (value: unknown) => value === connection.id || value === connection.name;
  const flows = (await runtime.repos.flows.list())
    .filter((flow) => {
      const definition = flow.definition as {
        trigger?: { connection?: unknown };
        steps?: Array<{ connection?: unknown }>;
      };
      return (
        refersTo(definition.trigger?.connection) ||
        (definition.steps ?? []).some((s) => refersTo(s.connection))
      );
    })
    .map((flow) => `flow "${flow.name}"`);
  const minted = (await runtime.repos.connections.list())
    .filter((other) => other.meta.agencyConnectionId === connection.id)
    .map((other) => `connection "${other.name}"`);
  return [...flows, ...minted];
}
