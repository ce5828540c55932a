import type { FastifyInstance } from 'fastify';
import { buildCatalog } from '../../flows/catalog.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { routeSchema } from './route-docs.ts';
import { catalogEntryView, catalogView, keyParams, parseRequest } from './schemas.ts';

/** `GET /api/catalog[/{key}]`: what every connector can do, derived from its definitions. */
export function catalogRoutes(api: FastifyInstance): void {
  // The registry is fixed for the life of the process, so the catalog is built once.
  const catalog = buildCatalog();

  api.get(
    '/catalog',
    {
      schema: routeSchema({
        tag: 'catalog',
        summary: 'Every action and trigger of every connector',
        description:
          'Per connector its totals; per entry its key, title, description, scopes, input and output JSON schemas, trigger kind and sample.',
        ok: { 200: { schema: catalogView, description: 'The catalog' } },
      }),
    },
    async () => catalog,
  );

  api.get(
    '/catalog/:key',
    {
      schema: routeSchema({
        tag: 'catalog',
        summary: 'One action or trigger',
        params: keyParams,
        ok: { 200: { schema: catalogEntryView, description: 'The entry' } },
        errors: [404],
      }),
    },
    async (request) => {
      const { key } = parseRequest(keyParams, request.params, 'params');
      const entry = catalog.entries.find((e) => e.key === key);
      if (!entry) {
        throw new NotFoundError(`No action or trigger "${key}".`, {
          hint: 'GET /api/catalog (or `ghl-bridge catalog`) lists them.',
        });
      }
      return entry;
    },
  );
}
