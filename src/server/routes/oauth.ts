import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import {
  type AuthorizationDeps,
  type AuthorizationOutcome,
  completeGhlAuthorization,
} from '../../auth/ghl-authorization.ts';
import { ghlMeta } from '../../auth/ghl-connection.ts';
import { TokenEndpointUnavailable } from '../../auth/ghl-oauth.ts';
import { AuthError, BridgeError } from '../../kernel/errors.ts';
import { oauthStatesRepository } from '../../store/oauth-states.ts';
import type { Runtime } from '../runtime.ts';

export const GHL_CALLBACK_PATH = '/oauth/ghl/callback';

interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

/** The services the callback needs, from a running bridge. */
export function authorizationDepsOf(runtime: Runtime): AuthorizationDeps {
  return { ...runtime.repos, oauthStates: oauthStatesRepository(runtime.store.db) };
}

/**
 * `GET /oauth/ghl/callback`: where GHL sends the browser back after consent. Served by the
 * running bridge and by `ghl-bridge connect ghl`'s temporary listener alike.
 */
export function oauthRoutes(app: FastifyInstance, deps: AuthorizationDeps, log?: Logger): void {
  app.get(GHL_CALLBACK_PATH, async (request, reply) => {
    const query = request.query as CallbackQuery;
    try {
      const outcome = await completeGhlAuthorization(deps, {
        state: query.state,
        code: query.code,
        error: query.error,
        errorDescription: query.error_description,
      });
      log?.info(
        {
          connection: outcome.connection.name,
          locationId: ghlMeta(outcome.connection).locationId,
          companyId: ghlMeta(outcome.connection).companyId,
          scopes: outcome.connection.scopes,
        },
        'GHL connection authorized',
      );
      return reply.type('text/html; charset=utf-8').send(successPage(outcome));
    } catch (error) {
      const status = statusOf(error);
      const message = error instanceof Error ? error.message : String(error);
      log?.warn({ status, error: message }, 'GHL authorization refused');
      return reply.code(status).type('text/html; charset=utf-8').send(page('Not connected', message));
    }
  });
}

function statusOf(error: unknown): number {
  if (error instanceof TokenEndpointUnavailable) return 502;
  if (error instanceof AuthError) return 400;
  return error instanceof BridgeError ? 422 : 500;
}

function successPage(outcome: AuthorizationOutcome): string {
  const { connection, locations } = outcome;
  const meta = ghlMeta(connection);
  const target = meta.userType === 'Company' ? `agency ${meta.companyId}` : `location ${meta.locationId}`;
  const minted = locations.map((l) => `"${l.name}" (location ${ghlMeta(l).locationId})`).join(', ');
  return page(
    'Connected',
    `ghl-bridge is connected to GHL ${target} as "${connection.name}", with the scopes ${connection.scopes.join(', ')}.` +
      (minted ? ` Location connections: ${minted}.` : '') +
      ' You can close this window.',
  );
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(title: string, text: string): string {
  return `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>ghl-bridge: ${escapeHtml(title)}</title>
<body style="font-family:system-ui,sans-serif;max-width:36em;margin:3em auto;line-height:1.5">
<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body>`;
}
