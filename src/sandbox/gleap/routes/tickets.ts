import type { FastifyInstance } from 'fastify';
import { projectOf } from '../auth.ts';
import { validBody } from '../errors.ts';
import { createMessage } from '../messages.ts';
import { type Filter, parseListQuery } from '../query.ts';
import { renderTicket, renderTicketUnpopulated } from '../render.ts';
import type { GleapSchemas } from '../spec.ts';
import type { GleapStore } from '../store.ts';
import {
  composeTicket,
  createTicket,
  deleteTicket,
  getTicket,
  listTickets,
  TICKET_LIST_OPTIONS,
  ticketsOfSessions,
  updateTicket,
} from '../tickets.ts';

type IdParams = { ticketId: string };

/** `/tickets`. Reads populate the contact and assignee; create and update answer with ids. */
export function registerTicketRoutes(app: FastifyInstance, store: GleapStore, schemas: GleapSchemas): void {
  app.post('/tickets', async (request) => {
    const body = validBody(schemas.createTicket, request.body);
    return renderTicketUnpopulated(createTicket(store, projectOf(request), body));
  });

  app.get('/tickets', async (request) => {
    const project = projectOf(request);
    const result = listTickets(project, parseListQuery(request.url, TICKET_LIST_OPTIONS));
    return { ...result, tickets: result.tickets.map((ticket) => renderTicket(project, ticket)) };
  });

  app.post('/tickets/compose', async (request) => {
    const body = validBody(schemas.composeTicket, request.body);
    const project = projectOf(request);
    const ticket = composeTicket(store, project, body, (created, text, session) => {
      createMessage(
        store,
        project,
        { ticket: created._id, comment: text, ...(session && { session }) },
        { emit: false },
      );
    });
    return renderTicketUnpopulated(ticket);
  });

  app.get('/tickets/by-session-query', async (request) => {
    const project = projectOf(request);
    const query = parseListQuery(request.url, TICKET_LIST_OPTIONS);
    const sessionFilter: Record<string, string> = {};
    const ticketFilters: Filter[] = [];
    for (const filter of query.filters) {
      if (filter.op === 'eq' && isSessionKey(filter.path)) sessionFilter[filter.path] = filter.value;
      else ticketFilters.push(filter);
    }
    const candidates = ticketsOfSessions(project, sessionFilter);
    const result = listTickets(project, { ...query, filters: ticketFilters }, candidates);
    return { ...result, tickets: result.tickets.map((ticket) => renderTicket(project, ticket)) };
  });

  app.get('/tickets/ticketscount', async (request) => {
    const project = projectOf(request);
    const query = parseListQuery(request.url, TICKET_LIST_OPTIONS);
    return { count: listTickets(project, { ...query, limit: undefined, skip: 0 }).totalCount };
  });

  app.get<{ Params: IdParams }>('/tickets/:ticketId', async (request) => {
    const project = projectOf(request);
    return renderTicket(project, getTicket(project, request.params.ticketId));
  });

  app.put<{ Params: IdParams }>('/tickets/:ticketId', async (request) => {
    const body = validBody(schemas.updateTicket, request.body);
    return renderTicketUnpopulated(updateTicket(store, projectOf(request), request.params.ticketId, body));
  });

  app.delete<{ Params: IdParams }>('/tickets/:ticketId', async (request) => {
    deleteTicket(projectOf(request), request.params.ticketId);
    return {};
  });
}

function isSessionKey(path: string): boolean {
  return path === 'email' || path === 'userId' || path === 'phone' || path.startsWith('customData.');
}
