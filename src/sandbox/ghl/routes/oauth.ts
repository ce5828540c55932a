import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RouteAccess } from '../auth.ts';
import { GhlError, unauthorized } from '../errors.ts';
import type { OAuthService, TokenRequest } from '../oauth-service.ts';
import type { GhlState } from '../state.ts';
import type { GhlServices } from './context.ts';

interface ConsentQuery {
  client_id?: string;
  redirect_uri?: string;
  scope?: string;
  state?: string;
  response_type?: string;
  /** Sandbox extension for tests: `locationId` (or `companyId`) plus `approve=true` skips the page. */
  locationId?: string;
  companyId?: string;
  approve?: string;
  /** The page's form field: `location:<id>` or `company:<id>`. */
  choice?: string;
}

const AGENCY: { ghl: RouteAccess } = { ghl: { scope: 'oauth.write', userTypes: ['Company'] } };
const AGENCY_READ: { ghl: RouteAccess } = { ghl: { scope: 'oauth.readonly', userTypes: ['Company'] } };

/** Consent page, token endpoint, agency → location tokens, installed locations. */
export function oauthRoutes(app: FastifyInstance, services: GhlServices & { oauth: OAuthService }): void {
  const { state, oauth, validate } = services;

  for (const path of ['/oauth/chooselocation', '/v2/oauth/chooselocation']) {
    app.get(path, async (request, reply) => {
      const query = request.query as ConsentQuery;
      if (query.approve === 'true') return consent(reply, oauth, query);
      return page(reply, state, query);
    });
    app.post(path, async (request, reply) => consent(reply, oauth, (request.body ?? {}) as ConsentQuery));
  }

  app.post('/oauth/token', async (request) => {
    // Named before validation, so refused calls are counted per app in the request log too.
    const clientId = (request.body as { client_id?: unknown } | undefined)?.client_id;
    if (typeof clientId === 'string')
      request.sandboxActor = { credential: `client:${clientId}`, app: clientId };
    const body = validate.body<TokenRequest>('get-access-token', request.body);
    const answer = oauth.token(body);
    if (request.sandboxActor) request.sandboxActor.location = answer.locationId ?? answer.companyId;
    return answer;
  });

  app.post('/oauth/locationToken', { config: AGENCY }, async (request) => {
    const body = validate.body<{ companyId: string; locationId: string }>(
      'get-location-access-token',
      request.body,
    );
    if (!request.ghl) throw unauthorized();
    return oauth.locationToken(request.ghl.token, body);
  });

  app.get('/oauth/installedLocations', { config: AGENCY_READ }, async (request) => {
    const query = validate.query<{
      companyId: string;
      appId: string;
      skip?: string;
      limit?: string;
      query?: string;
      isInstalled?: boolean;
      locationId?: string;
    }>('get-installed-location', request.query);
    const token = request.ghl!.token;
    if (query.companyId !== token.companyId)
      throw unauthorized('The token does not have access to this company');
    const client = [...state.apps.values()].find((candidate) => candidate.appId === query.appId);
    const text = query.query?.toLowerCase();
    const all = [...state.locations.values()]
      .filter((l) => l.companyId === query.companyId)
      .filter((l) => !query.locationId || l.id === query.locationId)
      .filter((l) => !text || l.name.toLowerCase().includes(text))
      .map((l) => {
        const installedAt = client
          ? (state.installs.get(`${client.clientId}|${l.id}`) ??
            state.installs.get(`${client.clientId}|${l.companyId}`))
          : undefined;
        return {
          _id: l.id,
          name: l.name,
          address: l.address,
          isInstalled: installedAt !== undefined,
          ...(installedAt !== undefined &&
            client && {
              versionId: client.versionId,
              installedAt: new Date(installedAt).toISOString(),
            }),
        };
      })
      .filter((l) => query.isInstalled === undefined || l.isInstalled === query.isInstalled);
    const skip = Number.parseInt(query.skip ?? '0', 10) || 0;
    const limit = Number.parseInt(query.limit ?? '20', 10) || 20;
    return { locations: all.slice(skip, skip + limit), count: all.length, installToFutureLocations: false };
  });
}

function consent(reply: FastifyReply, oauth: OAuthService, query: ConsentQuery) {
  const [kind, id] = (query.choice ?? '').split(':');
  const locationId = kind === 'location' ? id : query.locationId;
  const companyId = kind === 'company' ? id : query.companyId;
  try {
    const { redirectUrl } = oauth.authorize({
      clientId: query.client_id ?? '',
      ...(query.redirect_uri && { redirectUri: query.redirect_uri }),
      ...(query.scope && { scope: query.scope }),
      ...(query.state !== undefined && { state: query.state }),
      ...(locationId && { locationId }),
      ...(companyId && { companyId }),
    });
    return reply.redirect(redirectUrl, 302);
  } catch (error) {
    if (error instanceof GhlError)
      return reply.code(error.statusCode).type('text/html').send(errorPage(error.message));
    throw error;
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function errorPage(message: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Sandbox consent</title><p>${escapeHtml(message)}</p>`;
}

function page(reply: FastifyReply, state: GhlState, query: ConsentQuery) {
  const app = state.apps.get(query.client_id ?? '');
  if (!app) return reply.code(400).type('text/html').send(errorPage('Invalid client_id'));
  const hidden = (['client_id', 'redirect_uri', 'scope', 'state'] as const)
    .filter((name) => query[name] !== undefined)
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(String(query[name]))}">`)
    .join('');
  const options: string[] = [];
  for (const company of state.companies.values()) {
    options.push(
      `<label><input type="radio" name="choice" value="company:${company.id}"> Whole agency: ${escapeHtml(company.name)}</label>`,
    );
    for (const location of state.locations.values()) {
      if (location.companyId !== company.id) continue;
      options.push(
        `<label style="margin-left:1.5em"><input type="radio" name="choice" value="location:${location.id}"${
          options.length === 1 ? ' checked' : ''
        }> ${escapeHtml(location.name)} <small>(${location.id})</small></label>`,
      );
    }
  }
  const scopes = (query.scope ?? app.scopes.join(' ')).split(/\s+/).filter(Boolean);
  return reply
    .type('text/html')
    .send(`<!doctype html><meta charset="utf-8"><title>Sandbox: choose a location</title>
<body style="font-family:sans-serif;max-width:40em;margin:2em auto">
<h1>GHL sandbox</h1><p><b>${escapeHtml(app.name)}</b> asks for: ${scopes.map(escapeHtml).join(', ')}</p>
<form method="post">${hidden}<div style="display:flex;flex-direction:column;gap:.4em">${options.join('')}</div>
<p><button type="submit">Allow and continue</button></p></form></body>`);
}
