import type { ChangeMarks, MarkOrigin } from './change-marks.ts';
import { type ContactAspects, contactAspects, noteDigest } from './contact-aspects.ts';

/**
 * The marks of GHL records: one per contact (its reported state), and one per contact for each
 * kind of related record (its tasks, notes and appointments as last reported). Webhooks write
 * them as they arrive; reconciliation reads them to tell a change nobody reported from one a
 * webhook already brought, and writes them for what it reports.
 */

/** GHL stamps a webhook when it sends it; dateUpdated may trail by clock differences. */
export const CLOCK_TOLERANCE_MS = 2_000;

export interface ContactMarkState {
  /** Who reported the newest state. */
  origin: MarkOrigin;
  aspects: ContactAspects;
  /** Who reported the contact's creation (ContactCreate), if anyone did. */
  created?: MarkOrigin;
  /** The inbox key of the event reconciliation stored for this state. */
  inboxKey?: string;
}

export interface RelatedItem {
  /** Who reported the record's creation. */
  origin: MarkOrigin;
  /** Tasks: who reported its completion. */
  completed?: MarkOrigin;
  /** Notes: digest of the body last reported, and who reported it. */
  hash?: string;
  hashOrigin?: MarkOrigin;
  /** Appointments: dateUpdated (epoch ms) last reported. */
  at?: number;
}

export interface RelatedMarkState {
  items: Record<string, RelatedItem>;
}

export type RelatedKind = 'tasks' | 'notes' | 'appointments';

export const contactKey = (id: string) => `contact:${id}`;
export const relatedKey = (kind: RelatedKind, contactId: string) => `${kind}:${contactId}`;

type Payload = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Records what a webhook reports and tells whether reconciliation already reported that very
 * change (then the webhook is kept for the record but not processed again).
 */
export async function markWebhook(
  marks: ChangeMarks,
  scope: string,
  payload: Payload,
  at: number,
): Promise<{ covered: boolean }> {
  const type = String(payload.type);
  switch (type) {
    case 'ContactCreate':
    case 'ContactUpdate':
    case 'ContactTagUpdate':
    case 'ContactDndUpdate':
      return markContact(marks, scope, payload, at);
    case 'ContactDelete': {
      const id = str(payload.id);
      if (id) await marks.remove(scope, contactKey(id));
      return { covered: false };
    }
    case 'TaskCreate':
    case 'TaskComplete':
    case 'TaskDelete':
    case 'NoteCreate':
    case 'NoteUpdate':
    case 'NoteDelete':
      return markRelated(marks, scope, type, str(payload.contactId), str(payload.id), payload, at);
    case 'AppointmentCreate':
    case 'AppointmentUpdate':
    case 'AppointmentDelete': {
      const appointment = (payload.appointment ?? {}) as Payload;
      return markRelated(
        marks,
        scope,
        type,
        str(appointment.contactId),
        str(appointment.id),
        appointment,
        at,
      );
    }
    default:
      return { covered: false };
  }
}

async function markContact(marks: ChangeMarks, scope: string, payload: Payload, at: number) {
  const id = str(payload.id);
  if (!id) return { covered: false };
  const aspects = contactAspects(payload);
  const mark = await marks.get<ContactMarkState>(scope, contactKey(id));
  const creating = payload.type === 'ContactCreate';
  // A creation is reported once; a state once, when reconciliation reported this very one.
  const covered = creating
    ? mark?.state.created === 'reconcile'
    : mark !== undefined &&
      mark.state.origin === 'reconcile' &&
      mark.reportedAt >= at - CLOCK_TOLERANCE_MS &&
      sameAspects(mark.state.aspects, aspects);
  if (covered) return { covered };
  const created = creating ? 'webhook' : mark?.state.created;
  if (!mark || at >= mark.reportedAt) {
    await marks.put(scope, contactKey(id), at, {
      origin: 'webhook',
      aspects,
      ...(created ? { created } : {}),
    } satisfies ContactMarkState);
  } else if (creating) {
    // A creation arriving after a newer state: keep the state, note the creation.
    await marks.put(scope, contactKey(id), mark.reportedAt, {
      ...mark.state,
      created: 'webhook',
    } satisfies ContactMarkState);
  }
  return { covered: false };
}

function sameAspects(a: ContactAspects, b: ContactAspects): boolean {
  return a.fields === b.fields && a.tags === b.tags && a.dnd === b.dnd;
}

async function markRelated(
  marks: ChangeMarks,
  scope: string,
  type: string,
  contactId: string | undefined,
  id: string | undefined,
  record: Payload,
  at: number,
): Promise<{ covered: boolean }> {
  // GHL has sent TaskCreate without contactId (highlevel-api-docs#332): nothing to mark it by.
  if (!contactId || !id) return { covered: false };
  const kind: RelatedKind = type.startsWith('Task')
    ? 'tasks'
    : type.startsWith('Note')
      ? 'notes'
      : 'appointments';
  const key = relatedKey(kind, contactId);
  const mark = await marks.get<RelatedMarkState>(scope, key);
  const items = { ...(mark?.state.items ?? {}) };
  const item = items[id];
  const reported = (origin: MarkOrigin | undefined) => origin !== undefined && origin !== 'baseline';
  let covered = false;
  if (type.endsWith('Delete')) {
    delete items[id];
  } else if (type === 'TaskCreate' || type === 'NoteCreate') {
    covered = reported(item?.origin);
    if (!covered) items[id] = { ...item, origin: 'webhook', ...(kind === 'notes' ? noteHash(record) : {}) };
  } else if (type === 'TaskComplete') {
    covered = reported(item?.completed);
    if (!covered) items[id] = { origin: item?.origin ?? 'webhook', completed: 'webhook' };
  } else if (type === 'NoteUpdate') {
    const { hash } = noteHash(record);
    covered = item?.hash === hash && reported(item.hashOrigin);
    if (!covered) items[id] = { origin: item?.origin ?? 'webhook', hash, hashOrigin: 'webhook' };
  } else {
    const dateUpdated = Date.parse(String(record.dateUpdated ?? ''));
    const version = Number.isNaN(dateUpdated) ? at : dateUpdated;
    covered = item?.at !== undefined && item.at >= version && reported(item.origin);
    if (!covered) items[id] = { origin: 'webhook', at: version };
  }
  if (!covered)
    await marks.put(scope, key, Math.max(at, mark?.reportedAt ?? 0), { items } satisfies RelatedMarkState);
  return { covered };
}

function noteHash(record: Payload): { hash: string; hashOrigin: MarkOrigin } {
  return { hash: noteDigest(record.body), hashOrigin: 'webhook' };
}
