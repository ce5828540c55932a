import type { FastifyInstance } from 'fastify';
import { projectOf } from '../auth.ts';
import { validBody } from '../errors.ts';
import { parseListQuery } from '../query.ts';
import { renderSession } from '../render.ts';
import {
  createSession,
  deleteSession,
  getSession,
  listSessions,
  searchSessions,
  sessionByUserId,
  updateSession,
} from '../sessions.ts';
import type { GleapSchemas } from '../spec.ts';
import type { GleapStore } from '../store.ts';

type IdParams = { sessionId: string };

/** `/sessions` (Gleap's contacts). */
export function registerSessionRoutes(app: FastifyInstance, store: GleapStore, schemas: GleapSchemas): void {
  app.post('/sessions', async (request) => {
    const body = validBody(schemas.createSession, request.body);
    return renderSession(createSession(store, projectOf(request), body));
  });

  app.get('/sessions', async (request) => {
    const query = parseListQuery(request.url);
    return listSessions(projectOf(request), query).map(renderSession);
  });

  app.get('/sessions/search', async (request) => {
    const query = parseListQuery(request.url, ['searchTerm']);
    return searchSessions(projectOf(request), query).map(renderSession);
  });

  app.get<{ Params: { userId: string } }>('/sessions/by-user-id/:userId', async (request) =>
    renderSession(sessionByUserId(projectOf(request), request.params.userId)),
  );

  app.get<{ Params: IdParams }>('/sessions/:sessionId', async (request) =>
    renderSession(getSession(projectOf(request), request.params.sessionId)),
  );

  app.put<{ Params: IdParams }>('/sessions/:sessionId', async (request) => {
    const body = validBody(schemas.updateSession, request.body);
    const project = projectOf(request);
    return renderSession(
      updateSession(store, project, request.params.sessionId, knownSessionFields(schemas, body)),
    );
  });

  app.delete<{ Params: IdParams }>('/sessions/:sessionId', async (request, reply) => {
    deleteSession(projectOf(request), request.params.sessionId);
    return reply.code(204).send();
  });
}

/** The update body is declared `{}`: like a Mongoose model, only SessionDto's fields are kept. */
function knownSessionFields(schemas: GleapSchemas, body: Record<string, unknown>): Record<string, unknown> {
  const sessionDto = schemas.document.components?.schemas?.['SessionDto'] as
    | { properties?: Record<string, unknown> }
    | undefined;
  const known = new Set(Object.keys(sessionDto?.properties ?? {}));
  return Object.fromEntries(Object.entries(body).filter(([key]) => known.has(key)));
}
