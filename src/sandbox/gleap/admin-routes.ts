import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimits } from '../common/index.ts';
import type { AppSideMessage, GleapAdmin } from './admin.ts';
import { GleapError } from './model.ts';
import type { GleapSeedOptions } from './seed.ts';

type Params = { projectId: string; sessionId: string; ticketId: string };
type Body = Record<string, unknown>;

/**
 * Gleap-specific admin routes under `/_sandbox/` (the generic ones, shared by every
 * sandbox, come from `common/admin-routes.ts`). `?webhook=false` on an app-side ticket
 * change skips its webhook, to simulate one that Gleap never delivered.
 */
export function registerGleapAdminRoutes(
  app: FastifyInstance,
  admin: GleapAdmin,
  prefix = '/_sandbox',
): void {
  const projects = `${prefix}/projects`;
  const one = `${projects}/:projectId`;

  app.get(projects, async () => ({ projects: admin.projects() }));
  app.post(projects, async (request, reply) => {
    const body = objectBody(request) as {
      id?: string;
      name?: string;
      apiKey?: string;
      seed?: boolean | GleapSeedOptions;
    };
    return reply.code(201).send(admin.createProject(body));
  });
  app.delete<{ Params: Params }>(one, async (request) => {
    admin.deleteProject(request.params.projectId);
    return { deleted: true };
  });
  app.post<{ Params: Params }>(`${one}/seed`, async (request) => {
    admin.seed(request.params.projectId, objectBody(request) as GleapSeedOptions);
    return { seeded: true };
  });
  app.put<{ Params: Params }>(`${one}/limits`, async (request) => ({
    limits: admin.setLimits(objectBody(request) as Partial<RateLimits>, request.params.projectId),
  }));

  app.get<{ Params: Params }>(`${one}/webhooks`, async (request) => ({
    webhooks: admin.listWebhooks(request.params.projectId),
  }));
  app.post<{ Params: Params }>(`${one}/webhooks`, async (request, reply) =>
    reply.code(201).send(admin.addWebhook(request.params.projectId, objectBody(request) as never)),
  );
  app.delete<{ Params: Params }>(`${one}/webhooks`, async (request) => {
    admin.clearWebhooks(request.params.projectId);
    return { cleared: true };
  });

  app.get<{ Params: Params }>(`${one}/sessions`, async (request) => ({
    sessions: admin.contacts(request.params.projectId),
  }));
  app.post<{ Params: Params }>(`${one}/sessions`, async (request, reply) =>
    reply.code(201).send(admin.createContact(request.params.projectId, objectBody(request))),
  );
  app.patch<{ Params: Params }>(`${one}/sessions/:sessionId`, async (request) =>
    admin.updateContact(request.params.projectId, request.params.sessionId, objectBody(request)),
  );
  app.delete<{ Params: Params }>(`${one}/sessions/:sessionId`, async (request) => {
    admin.deleteContact(request.params.projectId, request.params.sessionId);
    return { deleted: true };
  });

  app.get<{ Params: Params }>(`${one}/tickets`, async (request) => ({
    tickets: admin.tickets(request.params.projectId),
  }));
  app.post<{ Params: Params }>(`${one}/tickets`, async (request, reply) =>
    reply.code(201).send(admin.createTicket(request.params.projectId, objectBody(request), appSide(request))),
  );
  app.patch<{ Params: Params }>(`${one}/tickets/:ticketId`, async (request) =>
    admin.updateTicket(
      request.params.projectId,
      request.params.ticketId,
      objectBody(request),
      appSide(request),
    ),
  );
  app.delete<{ Params: Params }>(`${one}/tickets/:ticketId`, async (request) => {
    admin.deleteTicket(request.params.projectId, request.params.ticketId);
    return { deleted: true };
  });
  app.get<{ Params: Params }>(`${one}/tickets/:ticketId/messages`, async (request) => ({
    messages: admin.messages(request.params.projectId, request.params.ticketId),
  }));
  app.post<{ Params: Params }>(`${one}/tickets/:ticketId/messages`, async (request, reply) => {
    const message = objectBody(request) as unknown as AppSideMessage;
    return reply
      .code(201)
      .send(admin.addMessage(request.params.projectId, request.params.ticketId, message, appSide(request)));
  });

  app.post(`${prefix}/snapshot`, async () => {
    const path = admin.saveSnapshot();
    if (!path)
      throw new GleapError(409, 'This sandbox was started without a snapshot file (option snapshotFile).');
    return { saved: path };
  });
}

function objectBody(request: FastifyRequest): Body {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw new GleapError(400, 'The body must be a JSON object.');
  return body as Body;
}

function appSide(request: FastifyRequest): { webhook: boolean } {
  return { webhook: (request.query as { webhook?: string }).webhook !== 'false' };
}
