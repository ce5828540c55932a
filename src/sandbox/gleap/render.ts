import type { GleapDoc, GleapProject } from './model.ts';

/**
 * Documents as Gleap answers them: the stored fields plus `id` (a copy of `_id`), and on
 * reads the references populated the way the description's examples show them
 * (`session: { _id, email }`, `processingUser: { _id, email, firstName, lastName }`).
 */

export function renderSession(doc: GleapDoc): Record<string, unknown> {
  return { ...doc, id: doc._id };
}

/** Tickets as create/update answer them: references left as ids. */
export function renderTicketUnpopulated(doc: GleapDoc): Record<string, unknown> {
  return { ...doc, id: doc._id };
}

/** Tickets as reads and webhooks show them: session, assignee and latest comment populated. */
export function renderTicket(project: GleapProject, doc: GleapDoc): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc, id: doc._id };
  if (typeof doc['session'] === 'string') out['session'] = sessionSummary(project, doc['session']);
  if (typeof doc['processingUser'] === 'string')
    out['processingUser'] = userSummary(project, doc['processingUser']);
  if (typeof doc['latestComment'] === 'string') {
    const message = project.messages.get(doc['latestComment']);
    if (message) {
      out['latestComment'] = { _id: message._id, data: { content: plainText(message['comment']) } };
    }
  }
  return out;
}

export function renderMessage(project: GleapProject, doc: GleapDoc): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc, id: doc._id };
  if (typeof doc['user'] === 'string') out['user'] = userSummary(project, doc['user']);
  if (typeof doc['session'] === 'string') out['session'] = sessionSummary(project, doc['session']);
  return out;
}

export function renderUser(doc: GleapDoc): Record<string, unknown> {
  return { ...doc, id: doc._id };
}

function sessionSummary(project: GleapProject, id: string): Record<string, unknown> | null {
  const session = project.sessions.get(id);
  if (!session) return null;
  const summary: Record<string, unknown> = { _id: session._id, id: session._id };
  for (const field of ['userId', 'email', 'name', 'phone', 'avatar']) {
    if (session[field] !== undefined) summary[field] = session[field];
  }
  return summary;
}

function userSummary(project: GleapProject, id: string): Record<string, unknown> | null {
  const user = project.users.get(id);
  if (!user) return null;
  return {
    _id: user._id,
    id: user._id,
    email: user['email'],
    firstName: user['firstName'],
    lastName: user['lastName'],
  };
}

/** The text of a TipTap/ProseMirror comment (or of a plain string). */
export function plainText(comment: unknown): string {
  if (typeof comment === 'string') return comment;
  if (!comment || typeof comment !== 'object') return '';
  const node = comment as { text?: unknown; content?: unknown };
  if (typeof node.text === 'string') return node.text;
  if (!Array.isArray(node.content)) return '';
  const parts = node.content.map(plainText);
  const isBlock = (node as { type?: unknown }).type === 'doc';
  return parts.join(isBlock ? '\n' : '');
}
