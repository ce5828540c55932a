import type { FastifyInstance } from 'fastify';
import { registerOpenApi } from '../openapi.ts';
import type { Runtime } from '../runtime.ts';
import { type AdminTokenSource, bearerToken, loadAdminToken, tokenMatches } from './admin-token.ts';
import { catalogRoutes } from './catalog.ts';
import { connectionRoutes } from './connections.ts';
import { deadLetterRoutes } from './dead-letters.ts';
import { sendApiError } from './errors.ts';
import { flowRoutes, YAML_TYPES } from './flows.ts';
import { runRoutes } from './runs.ts';

export const API_PREFIX = '/api';

/**
 * The REST API under /api, behind the admin token, and its OpenAPI document at /docs.
 * Encapsulated: the token check and the error shape apply to /api only, so the webhook and
 * OAuth routes that apps and browsers call stay open.
 */
export async function registerApi(app: FastifyInstance, runtime: Runtime): Promise<void> {
  const admin = loadAdminToken(runtime.config);
  announce(admin, runtime);
  await registerOpenApi(app);
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request, reply) => {
        const presented = bearerToken(request.headers.authorization);
        if (tokenMatches(admin.token, presented)) return;
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="ghl-bridge"')
          .send({
            error: 'Unauthorized',
            code: 'auth',
            message: presented
              ? 'The admin token is wrong. Send the value of BRIDGE_ADMIN_TOKEN (or of DATA_DIR/admin.token).'
              : 'This needs the admin token: send the header "Authorization: Bearer <BRIDGE_ADMIN_TOKEN>".',
          });
      });
      // Documentation-only schemas: requests are parsed with zod in the handlers, answers are plain JSON.
      api.setValidatorCompiler(() => (data) => ({ value: data }));
      api.setSerializerCompiler(() => (data) => JSON.stringify(data));
      api.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
      api.setErrorHandler(sendApiError);
      api.setNotFoundHandler((request, reply) =>
        reply.code(404).send({
          error: 'NotFoundError',
          code: 'not_found',
          message: `No API endpoint ${request.method} ${request.url.split('?')[0]}. The endpoints are listed at /docs.`,
        }),
      );
      catalogRoutes(api);
      connectionRoutes(api, runtime);
      flowRoutes(api, runtime);
      runRoutes(api, runtime);
      deadLetterRoutes(api, runtime);
    },
    { prefix: API_PREFIX },
  );
}

/**
 * A generated token is shown once, on the terminal (not in the JSON log, which may be
 * shipped elsewhere); the warning names the file that keeps it.
 */
function announce(admin: AdminTokenSource, runtime: Runtime): void {
  if (admin.origin !== 'generated') return;
  runtime.log.warn(
    { path: admin.path },
    'BRIDGE_ADMIN_TOKEN is not set: generated an admin token for the REST API. It is shown once on standard error; read the file to see it again.',
  );
  if (runtime.config.logLevel === 'silent') return;
  process.stderr.write(
    `\nghl-bridge admin token (shown this once; kept in ${admin.path}):\n\n  ${admin.token}\n\nCall the API with: Authorization: Bearer <token>\n\n`,
  );
}
