import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const DOCS_PATH = '/docs';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The OpenAPI 3 document of the REST API, generated from the route schemas, and Swagger UI
 * at /docs (its JSON at /docs/json). Must be registered before the routes it describes.
 * The page is public; every operation it lists needs the admin token.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ghl-bridge API',
        version,
        description:
          'Connections, flows, runs, dead letters and the catalog of a ghl-bridge. Every request needs `Authorization: Bearer <BRIDGE_ADMIN_TOKEN>` (see docs/api.md for where the token comes from).',
      },
      components: {
        securitySchemes: {
          adminToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'BRIDGE_ADMIN_TOKEN, or the token in DATA_DIR/admin.token on the embedded setup.',
          },
        },
      },
      security: [{ adminToken: [] }],
      tags: [
        { name: 'catalog', description: 'What every connector can do' },
        { name: 'connections', description: 'Connected apps (never their secrets)' },
        { name: 'flows', description: 'Flow documents: save, export, switch on/off, test' },
        { name: 'runs', description: 'Run history and replay' },
        { name: 'dead letters', description: 'Jobs that gave up, and their replay' },
      ],
    },
    // Webhook, OAuth and health routes are for machines that do not read this document.
    transform: ({ schema, url }) =>
      url.startsWith('/api/') ? { schema, url } : { schema: { ...(schema ?? {}), hide: true }, url },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PATH });
}
