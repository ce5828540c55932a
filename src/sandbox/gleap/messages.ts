import { type GleapDoc, GleapError, type GleapProject } from './model.ts';
import { type ListQuery, matchesFilters, page, sortDocs } from './query.ts';
import { plainText } from './render.ts';
import type { GleapStore } from './store.ts';
import { getTicket } from './tickets.ts';

/** Messages on a ticket: customer replies, agent comments and internal notes. */

/** "default: no limit, max: 10000" (GET /messages). */
export const MESSAGE_LIST_MAX = 10_000;
/** Page size of `paginated=true` when no limit is given (undocumented). */
export const MESSAGE_PAGE_DEFAULT = 50;
export const MESSAGE_LIST_OPTIONS = ['paginated', 'before', 'showHistory', 'language', 'searchTerm'] as const;

const SYSTEM_FIELDS = ['_id', 'id', 'project', 'organisation', 'createdAt', 'updatedAt', 'index'];

export interface MessageOptions {
  emit?: boolean;
}

export function createMessage(
  store: GleapStore,
  project: GleapProject,
  input: Record<string, unknown>,
  options: MessageOptions = {},
): GleapDoc {
  const fields = withoutSystemFields(input);
  if (typeof fields['ticket'] !== 'string' || !fields['ticket']) {
    throw new GleapError(400, 'ticket is required: the id of the ticket the message belongs to.', {
      'requestBody.ticket': { message: 'is required' },
    });
  }
  const ticket = project.tickets.get(fields['ticket']);
  if (!ticket) throw reference('ticket', 'no ticket with this id in the project', fields['ticket']);
  checkAuthors(project, fields);
  const isNote = fields['isNote'] === true || fields['type'] === 'NOTE';
  const at = store.now();
  const doc: GleapDoc = {
    bot: false,
    attachments: [],
    ...fields,
    type: typeof fields['type'] === 'string' ? fields['type'] : isNote ? 'NOTE' : 'COMMENT',
    isNote,
    comment: toDocument(fields['comment'] ?? contentOf(fields['data'])),
    index: [...project.messages.values()].filter((m) => m['ticket'] === ticket._id).length,
    _id: store.newId(),
    project: project.id,
    createdAt: at,
    updatedAt: at,
  };
  project.messages.set(doc._id, doc);

  const changes: Record<string, unknown> = { latestComment: doc._id, updatedAt: at };
  if (!isNote) changes['latestPublicComment'] = doc._id;
  if (typeof doc['user'] === 'string') changes['hasAgentReply'] = true;
  const updated: GleapDoc = { ...getTicket(project, ticket._id), ...changes };
  project.tickets.set(ticket._id, updated);
  if (options.emit !== false) store.emit({ project, event: 'ticket.updated', ticket: updated });
  return doc;
}

export function updateMessage(
  store: GleapStore,
  project: GleapProject,
  id: string,
  input: Record<string, unknown>,
): GleapDoc {
  const current = getMessage(project, id);
  const fields = withoutSystemFields(input);
  delete fields['ticket'];
  checkAuthors(project, fields);
  const updated: GleapDoc = { ...current, ...fields, updatedAt: store.now() };
  if ('comment' in fields) updated['comment'] = toDocument(fields['comment']);
  if (fields['isNote'] === true) updated['type'] = 'NOTE';
  project.messages.set(id, updated);
  return updated;
}

export function deleteMessage(project: GleapProject, id: string): void {
  getMessage(project, id);
  project.messages.delete(id);
}

export function getMessage(project: GleapProject, id: string): GleapDoc {
  const message = project.messages.get(id);
  if (!message) throw new GleapError(404, 'Message not found');
  return message;
}

export type MessageList = GleapDoc[] | { items: GleapDoc[]; hasMore: boolean; nextBefore: string | null };

/**
 * Without `paginated=true`: a plain array (filters, sort, skip, limit). With it: the newest
 * page older than the `before` cursor (a message id), oldest first, and the next cursor.
 */
export function listMessages(project: GleapProject, query: ListQuery): MessageList {
  const matching = [...project.messages.values()].filter((doc) => matchesFilters(doc, query.filters));
  if (query.options.get('paginated') !== 'true') {
    return page(sortDocs(matching, query.sort), query, undefined, MESSAGE_LIST_MAX);
  }
  const before = query.options.get('before');
  let older = matching;
  if (before) {
    const cursor = matching.findIndex((doc) => doc._id === before);
    if (cursor === -1)
      throw new GleapError(400, 'before must be the id of a message returned as nextBefore.');
    older = matching.slice(0, cursor);
  }
  const size = Math.min(query.limit ?? MESSAGE_PAGE_DEFAULT, MESSAGE_LIST_MAX);
  const items = older.slice(Math.max(0, older.length - size));
  const hasMore = older.length > items.length;
  return { items, hasMore, nextBefore: hasMore && items[0] ? items[0]._id : null };
}

export function searchMessages(project: GleapProject, term: string): GleapDoc[] {
  const wanted = term.toLowerCase();
  return [...project.messages.values()].filter((doc) =>
    plainText(doc['comment']).toLowerCase().includes(wanted),
  );
}

/**
 * Comments are TipTap documents. A plain string or a single paragraph node (both used in
 * Gleap's own examples) is stored as the full document the description's GET example shows.
 */
export function toDocument(comment: unknown): unknown {
  if (comment === undefined || comment === null) return comment;
  const paragraph = (text: string) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] });
  if (typeof comment === 'string') return { type: 'doc', content: comment.split('\n').map(paragraph) };
  if (typeof comment === 'object' && (comment as { type?: unknown }).type === 'doc') return comment;
  if (typeof comment === 'object') return { type: 'doc', content: [comment] };
  return comment;
}

function contentOf(data: unknown): unknown {
  if (data && typeof data === 'object') return (data as { content?: unknown }).content;
  return undefined;
}

function checkAuthors(project: GleapProject, fields: Record<string, unknown>): void {
  if (typeof fields['user'] === 'string' && !project.users.has(fields['user'])) {
    throw reference('user', 'no team member with this id in the project', fields['user']);
  }
  if (typeof fields['session'] === 'string' && !project.sessions.has(fields['session'])) {
    throw reference('session', 'no session with this id in the project', fields['session']);
  }
}

function reference(field: string, message: string, value: unknown): GleapError {
  return new GleapError(400, `${field}: ${message}.`, { [`requestBody.${field}`]: { message, value } });
}

function withoutSystemFields(input: Record<string, unknown>): Record<string, unknown> {
  const fields = { ...input };
  for (const name of SYSTEM_FIELDS) delete fields[name];
  return fields;
}
