import type { GhlClient } from '../client.ts';
import type { SearchedContact } from '../schemas.ts';
import type { ChangeMark } from './change-marks.ts';
import { noteDigest } from './contact-aspects.ts';
import { ghlTime } from './ghl-time.ts';
import type { ReconciledEvent } from './reconcile-contact.ts';
import { type RelatedItem, type RelatedKind, type RelatedMarkState, relatedKey } from './record-marks.ts';

type Row = Record<string, unknown> & { id: string };

export interface RelatedState extends RelatedMarkState {
  /** Set once reconciliation has seen the whole list: from then on an unknown id is a new record. */
  baselined?: boolean;
}

export interface RelatedVerdict {
  events: ReconciledEvent[];
  marks: Array<{ key: string; state: RelatedState }>;
}

/**
 * A changed contact's tasks, notes and appointments (three requests) compared with what was
 * last reported of them. Records the bridge cannot date (tasks have no dateAdded) are taken as
 * already there the first time a contact made before reconciliation began is looked at.
 */
export async function judgeRelated(
  client: GhlClient,
  contact: SearchedContact,
  locationId: string,
  floor: number,
  marks: Map<string, ChangeMark<RelatedState>>,
  signal?: AbortSignal,
): Promise<RelatedVerdict> {
  const s = signal ? { signal } : {};
  const path = { contactId: contact.id };
  const [tasks, notes, appointments] = await Promise.all([
    client.call('get-all-tasks', { path, ...s }).then((d) => (d.tasks ?? []) as Row[]),
    client.call('get-all-notes', { path, ...s }).then((d) => (d.notes ?? []) as Row[]),
    client.call('get-appointments-for-contact', { path, ...s }).then((d) => (d.events ?? []) as Row[]),
  ]);
  const contactIsNew = ghlTime(contact.dateAdded) >= floor;
  const verdict: RelatedVerdict = { events: [], marks: [] };
  const base = { locationId, reconciled: true, timestamp: new Date().toISOString() };
  const emit = (type: string, key: string, payload: Record<string, unknown>) =>
    verdict.events.push({ type, dedupeKey: key, payload: { type, ...base, ...payload } });

  compare(
    'tasks',
    tasks,
    (row, item, fresh) => {
      const completed = row.completed === true;
      const flat = { ...row, contactId: contact.id };
      if (!item) {
        if (fresh) emit('TaskCreate', `TaskCreate:${row.id}`, flat);
        if (completed && fresh) emit('TaskComplete', `TaskComplete:${row.id}`, flat);
        const origin = fresh ? 'reconcile' : 'baseline';
        return { origin, ...(completed ? { completed: origin } : {}) };
      }
      if (completed && !item.completed) {
        emit('TaskComplete', `TaskComplete:${row.id}`, flat);
        return { ...item, completed: 'reconcile' };
      }
      return item;
    },
    (id) => emit('TaskDelete', `TaskDelete:${id}`, { id, contactId: contact.id }),
  );

  compare(
    'notes',
    notes,
    (row, item, fresh) => {
      const hash = noteDigest(row.body);
      const added = ghlTime(row.dateAdded);
      const flat = { ...row, contactId: contact.id };
      if (!item) {
        const isNew = Number.isNaN(added) ? fresh : added >= floor;
        if (isNew) emit('NoteCreate', `NoteCreate:${row.id}`, flat);
        const origin = isNew ? 'reconcile' : 'baseline';
        return { origin, hash, hashOrigin: origin };
      }
      if (item.hash !== hash) {
        emit('NoteUpdate', `NoteUpdate:${row.id}:${hash}`, flat);
        return { ...item, hash, hashOrigin: 'reconcile' };
      }
      return item;
    },
    (id) => emit('NoteDelete', `NoteDelete:${id}`, { id, contactId: contact.id }),
  );

  compare(
    'appointments',
    appointments,
    (row, item) => {
      const at = ghlTime(row.dateUpdated);
      const version = Number.isNaN(at) ? 0 : at;
      if (!item && version < floor) return { origin: 'baseline', at: version };
      if (item && (item.at ?? 0) >= version) return item;
      const type = !item && ghlTime(row.dateAdded) >= floor ? 'AppointmentCreate' : 'AppointmentUpdate';
      emit(type, `${type}:${row.id}:${version}`, { appointment: { ...row, contactId: contact.id } });
      return { origin: 'reconcile', at: version };
    },
    (id) =>
      emit('AppointmentDelete', `AppointmentDelete:${id}`, { appointment: { id, contactId: contact.id } }),
  );

  return verdict;

  function compare(
    kind: RelatedKind,
    rows: Row[],
    judge: (row: Row, item: RelatedItem | undefined, fresh: boolean) => RelatedItem,
    gone: (id: string) => void,
  ): void {
    const key = relatedKey(kind, contact.id);
    const state = marks.get(key)?.state;
    const fresh = state?.baselined === true || contactIsNew;
    const before = state?.items ?? {};
    const items: Record<string, RelatedItem> = {};
    for (const row of rows) items[row.id] = judge(row, before[row.id], fresh);
    // Known to exist (from a webhook or an earlier look) and now missing: its delete event was lost.
    for (const id of Object.keys(before)) if (!(id in items)) gone(id);
    verdict.marks.push({ key, state: { items, baselined: true } });
  }
}
