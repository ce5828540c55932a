import { randomBytes } from 'node:crypto';
import { type GleapDoc, GleapError, type GleapProject } from './model.ts';
import { type ListQuery, matchesFilters, page, sortDocs, valueAt } from './query.ts';
import { getSession, sessionForEmail } from './sessions.ts';
import type { GleapStore } from './store.ts';

/** Gleap tickets: create, update, delete, list; every change is announced to the store's listeners. */

export const TICKET_LIST_LIMIT = 1000;
/** `sort=priority` is ascending LOW, MEDIUM, HIGH (GET /tickets description). */
export const PRIORITY_RANK: Record<string, number> = { LOW: 0, MEDIUM: 1, HIGH: 2 };
export const TICKET_LIST_OPTIONS = ['ignoreArchived'] as const;

const SYSTEM_FIELDS = ['_id', 'id', 'project', 'organisation', 'createdAt', 'updatedAt'];

export interface TicketOptions {
  /** Announce the change (webhooks); admin edits may opt out to simulate a lost webhook. */
  emit?: boolean;
}

export function createTicket(
  store: GleapStore,
  project: GleapProject,
  input: Record<string, unknown>,
  options: TicketOptions = {},
): GleapDoc {
  const fields = withoutSystemFields(input);
  resolveReferences(project, fields);
  const at = store.now();
  const doc: GleapDoc = {
    type: 'INQUIRY',
    status: 'OPEN',
    priority: 'LOW',
    tags: [],
    archived: false,
    isSpam: false,
    ...fields,
    formData:
      fields['formData'] ??
      (typeof fields['description'] === 'string' ? { description: fields['description'] } : {}),
    bugId: project.nextBugId++,
    shareToken: randomBytes(16).toString('hex'),
    _id: store.newId(),
    project: project.id,
    organisation: project.organisation,
    createdAt: at,
    updatedAt: at,
  };
  if (doc['archived'] === true) doc['archivedAt'] = at;
  project.tickets.set(doc._id, doc);
  if (options.emit !== false) store.emit({ project, event: 'ticket.created', ticket: doc });
  return doc;
}

export function updateTicket(
  store: GleapStore,
  project: GleapProject,
  id: string,
  input: Record<string, unknown>,
  options: TicketOptions = {},
): GleapDoc {
  const current = getTicket(project, id);
  const fields = withoutSystemFields(input);
  resolveReferences(project, fields);
  const at = store.now();
  const updated: GleapDoc = { ...current, ...fields, updatedAt: at };
  if (fields['archived'] === true && current['archived'] !== true) updated['archivedAt'] = at;
  project.tickets.set(id, updated);
  if (options.emit !== false) store.emit({ project, event: 'ticket.updated', ticket: updated });
  return updated;
}

/** Deletes a ticket and its messages. Gleap documents no delete event, so none is emitted. */
export function deleteTicket(project: GleapProject, id: string): void {
  getTicket(project, id);
  project.tickets.delete(id);
  for (const [messageId, message] of project.messages) {
    if (message['ticket'] === id) project.messages.delete(messageId);
  }
}

export function getTicket(project: GleapProject, id: string): GleapDoc {
  const ticket = project.tickets.get(id);
  if (!ticket) throw new GleapError(404, 'Ticket not found');
  return ticket;
}

export function listTickets(project: GleapProject, query: ListQuery, candidates?: GleapDoc[]) {
  const ignoreArchived = query.options.get('ignoreArchived') === 'true';
  const matching = (candidates ?? [...project.tickets.values()]).filter(
    (doc) => (!ignoreArchived || doc['archived'] !== true) && matchesFilters(doc, query.filters),
  );
  const sorted = sortDocs(matching, query.sort, { priority: PRIORITY_RANK });
  const tickets = page(sorted, query, TICKET_LIST_LIMIT, TICKET_LIST_LIMIT);
  return { tickets, count: tickets.length, totalCount: matching.length };
}

/** The tickets of the sessions that match `email`, `userId`, `phone` or `customData.*` (all given must match). */
export function ticketsOfSessions(project: GleapProject, sessionFilter: Record<string, string>): GleapDoc[] {
  const entries = Object.entries(sessionFilter);
  if (entries.length === 0) {
    throw new GleapError(
      400,
      'Give at least one of email, userId, phone or customData.<key> to find a session.',
    );
  }
  const sessionIds = new Set<string>();
  for (const session of project.sessions.values()) {
    if (entries.every(([path, value]) => String(valueAt(session, path) ?? '') === value))
      sessionIds.add(session._id);
  }
  return [...project.tickets.values()].filter((ticket) => sessionIds.has(String(ticket['session'] ?? '')));
}

/** `POST /tickets/compose`: a ticket whose contact is found or created by `email`, with an optional first message. */
export function composeTicket(
  store: GleapStore,
  project: GleapProject,
  input: Record<string, unknown>,
  addMessage: (ticket: GleapDoc, text: string, session: string | undefined) => void,
): GleapDoc {
  const { message, email, ...rest } = input;
  if (rest['session'] === undefined && typeof email === 'string' && email) {
    rest['session'] = sessionForEmail(store, project, email)._id;
  }
  const ticket = createTicket(store, project, rest, { emit: false });
  if (typeof message === 'string' && message)
    addMessage(ticket, message, ticket['session'] as string | undefined);
  const stored = getTicket(project, ticket._id);
  store.emit({ project, event: 'ticket.created', ticket: stored });
  return stored;
}

/** References given as objects (`{ _id }`) are stored as ids; unknown ids are refused. */
function resolveReferences(project: GleapProject, fields: Record<string, unknown>): void {
  if ('session' in fields && fields['session'] !== null) {
    const id = referenceId(fields['session']);
    if (!id) throw invalid('session', 'must be a session id', fields['session']);
    if (!project.sessions.has(id)) throw invalid('session', 'no session with this id in the project', id);
    fields['session'] = getSession(project, id)._id;
  }
  if (typeof fields['processingUser'] === 'string' && !project.users.has(fields['processingUser'])) {
    throw invalid('processingUser', 'no team member with this id in the project', fields['processingUser']);
  }
}

function referenceId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const id = record['_id'] ?? record['id'];
    if (typeof id === 'string') return id;
  }
  return undefined;
}

function invalid(field: string, message: string, value: unknown): GleapError {
  return new GleapError(400, `${field} ${message}.`, { [`requestBody.${field}`]: { message, value } });
}

function withoutSystemFields(input: Record<string, unknown>): Record<string, unknown> {
  const fields = { ...input };
  for (const name of SYSTEM_FIELDS) delete fields[name];
  return fields;
}
