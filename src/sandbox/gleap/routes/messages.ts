import type { FastifyInstance } from 'fastify';
import { projectOf } from '../auth.ts';
import { validBody } from '../errors.ts';
import {
  createMessage,
  deleteMessage,
  listMessages,
  MESSAGE_LIST_OPTIONS,
  searchMessages,
  updateMessage,
} from '../messages.ts';
import { GleapError } from '../model.ts';
import { parseListQuery } from '../query.ts';
import { renderMessage } from '../render.ts';
import type { GleapSchemas } from '../spec.ts';
import type { GleapStore } from '../store.ts';

type IdParams = { messageId: string };

/** `/messages`: comments, replies and internal notes (`isNote: true` / `type: "NOTE"`) on tickets. */
export function registerMessageRoutes(app: FastifyInstance, store: GleapStore, schemas: GleapSchemas): void {
  app.post('/messages', async (request) => {
    const body = validBody(schemas.createMessage, request.body);
    const project = projectOf(request);
    return renderMessage(project, createMessage(store, project, body));
  });

  app.get('/messages', async (request) => {
    const project = projectOf(request);
    const result = listMessages(project, parseListQuery(request.url, MESSAGE_LIST_OPTIONS));
    if (Array.isArray(result)) return result.map((message) => renderMessage(project, message));
    return { ...result, items: result.items.map((message) => renderMessage(project, message)) };
  });

  app.get('/messages/search', async (request) => {
    const project = projectOf(request);
    const term = parseListQuery(request.url, ['searchTerm']).options.get('searchTerm');
    if (!term) {
      throw new GleapError(400, 'Validation Failed', { searchTerm: { message: "'searchTerm' is required" } });
    }
    return { hits: searchMessages(project, term).map((message) => renderMessage(project, message)) };
  });

  app.put<{ Params: IdParams }>('/messages/:messageId', async (request) => {
    const body = validBody(schemas.updateMessage, request.body);
    const project = projectOf(request);
    return renderMessage(project, updateMessage(store, project, request.params.messageId, body));
  });

  app.delete<{ Params: IdParams }>('/messages/:messageId', async (request, reply) => {
    deleteMessage(projectOf(request), request.params.messageId);
    return reply.code(204).send();
  });
}
