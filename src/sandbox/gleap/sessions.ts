import { randomBytes } from 'node:crypto';
import { type GleapDoc, GleapError, type GleapProject } from './model.ts';
import { type ListQuery, matchesFilters, page, sortDocs } from './query.ts';
import type { GleapStore } from './store.ts';

/** Gleap's contacts ("sessions"): create, update, delete, look-ups. */

/** Fields a client may not set: the project decides them. */
const SYSTEM_FIELDS = ['_id', 'id', 'project', 'organisation', 'createdAt', 'updatedAt', 'identityHistory'];
const IDENTITY_FIELDS = ['email', 'userId', 'name'] as const;

export const SESSION_LIST_LIMIT = 1000;

export function createSession(
  store: GleapStore,
  project: GleapProject,
  input: Record<string, unknown>,
): GleapDoc {
  const fields = withoutSystemFields(input);
  if (typeof fields['userId'] === 'string') assertUserIdFree(project, fields['userId']);
  const at = store.now();
  const doc: GleapDoc = {
    gleapId: randomBytes(12).toString('hex'),
    gleapHash: randomBytes(32).toString('hex'),
    lang: 'en',
    value: 0,
    sessions: 0,
    tags: [],
    blocked: false,
    emailOnly: false,
    unsubscribed: false,
    countFeedbackReports: 0,
    countFeedbackComments: 0,
    customData: {},
    identityHistory: [],
    memory: [],
    firstActivity: at,
    lastActivity: at,
    ...fields,
    _id: store.newId(),
    project: project.id,
    organisation: project.organisation,
    createdAt: at,
    updatedAt: at,
  };
  project.sessions.set(doc._id, doc);
  return doc;
}

/** Partial update: the fields given replace the stored ones; changes to email, userId or name are recorded. */
export function updateSession(
  store: GleapStore,
  project: GleapProject,
  id: string,
  input: Record<string, unknown>,
  by: { source: string; method: string } = { source: 'api', method: 'PUT' },
): GleapDoc {
  const current = getSession(project, id);
  const fields = withoutSystemFields(input);
  if (typeof fields['userId'] === 'string' && fields['userId'] !== current['userId']) {
    assertUserIdFree(project, fields['userId']);
  }
  const at = store.now();
  const changes: Record<string, { from?: unknown; to?: unknown }> = {};
  for (const field of IDENTITY_FIELDS) {
    if (field in fields && fields[field] !== current[field])
      changes[field] = { from: current[field], to: fields[field] };
  }
  const history = [...((current['identityHistory'] as unknown[]) ?? [])];
  if (Object.keys(changes).length > 0) {
    history.push({ _id: store.newId(), at, changes, by: { ...by, hasApiKey: by.source === 'api' } });
  }
  const updated: GleapDoc = { ...current, ...fields, identityHistory: history, updatedAt: at };
  project.sessions.set(id, updated);
  return updated;
}

export function deleteSession(project: GleapProject, id: string): void {
  getSession(project, id);
  project.sessions.delete(id);
}

export function getSession(project: GleapProject, id: string): GleapDoc {
  const session = project.sessions.get(id);
  if (!session) throw new GleapError(404, 'Session not found');
  return session;
}

export function sessionByUserId(project: GleapProject, userId: string): GleapDoc {
  for (const session of project.sessions.values()) if (session['userId'] === userId) return session;
  throw new GleapError(404, 'Session not found');
}

export function listSessions(project: GleapProject, query: ListQuery): GleapDoc[] {
  const matching = [...project.sessions.values()].filter((doc) => matchesFilters(doc, query.filters));
  return page(sortDocs(matching, query.sort), query, SESSION_LIST_LIMIT, SESSION_LIST_LIMIT);
}

/** Free-text search over name, email, userId and phone (case-insensitive substring). */
export function searchSessions(project: GleapProject, query: ListQuery): GleapDoc[] {
  const term = (query.options.get('searchTerm') ?? '').trim().toLowerCase();
  const matching = [...project.sessions.values()].filter((doc) => {
    if (!matchesFilters(doc, query.filters)) return false;
    if (!term) return true;
    return ['name', 'email', 'userId', 'phone'].some((field) =>
      String(doc[field] ?? '')
        .toLowerCase()
        .includes(term),
    );
  });
  return page(sortDocs(matching, query.sort), query, SESSION_LIST_LIMIT, SESSION_LIST_LIMIT);
}

/** The first session with this email, or a new email-only one (as `POST /tickets/compose` with `email` does). */
export function sessionForEmail(store: GleapStore, project: GleapProject, email: string): GleapDoc {
  const wanted = email.trim().toLowerCase();
  for (const session of project.sessions.values()) {
    if (typeof session['email'] === 'string' && session['email'].toLowerCase() === wanted) return session;
  }
  return createSession(store, project, { email, emailOnly: true });
}

function withoutSystemFields(input: Record<string, unknown>): Record<string, unknown> {
  const fields = { ...input };
  for (const name of SYSTEM_FIELDS) delete fields[name];
  return fields;
}

function assertUserIdFree(project: GleapProject, userId: string): void {
  for (const session of project.sessions.values()) {
    if (session['userId'] === userId) {
      throw new GleapError(400, `A session with userId "${userId}" already exists (${session._id}).`, {
        'requestBody.userId': { message: 'already exists', value: userId },
      });
    }
  }
}
