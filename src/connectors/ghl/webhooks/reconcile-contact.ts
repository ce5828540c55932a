import type { SearchedContact } from '../schemas.ts';
import type { ChangeMark } from './change-marks.ts';
import { ASPECT_EVENT, changedAspects, contactAspects } from './contact-aspects.ts';
import { ghlTime } from './ghl-time.ts';
import { CLOCK_TOLERANCE_MS, type ContactMarkState } from './record-marks.ts';

export interface ReconciledEvent {
  type: string;
  /** The inbox dedupe key: `<type>:<record id>:<version>`. */
  dedupeKey: string;
  payload: Record<string, unknown>;
}

export interface ContactVerdict {
  covered: boolean;
  events: ReconciledEvent[];
  mark?: { reportedAt: number; state: ContactMarkState };
}

/**
 * Whether a contact's current version (dateUpdated = `at`) was already reported — by a webhook
 * stamped at or after it, or, within GHL's clock tolerance, one that carried this very state —
 * and if not, the events that stand for the change. A contact made after reconciliation began
 * whose creation nobody reported gets ContactCreate (once per contact, with its current state);
 * otherwise one event per part that changed since the last reported state (tags, DND, other
 * fields), ContactUpdate when that state is unknown.
 */
export function judgeContact(
  contact: SearchedContact,
  at: number,
  mark: ChangeMark<ContactMarkState> | undefined,
  locationId: string,
  floor: number,
): ContactVerdict {
  const aspects = contactAspects(contact);
  const known = mark?.state.aspects;
  const added = ghlTime(contact.dateAdded);
  const needsCreate = !mark?.state.created && !Number.isNaN(added) && added >= floor;
  const stateCovered =
    mark !== undefined &&
    (mark.reportedAt >= at ||
      (mark.reportedAt >= at - CLOCK_TOLERANCE_MS && changedAspects(known, aspects).length === 0));
  if (stateCovered && !needsCreate) return { covered: true, events: [] };
  let types: string[];
  if (needsCreate) types = ['ContactCreate'];
  else {
    const changed = known ? changedAspects(known, aspects) : [];
    types = changed.length > 0 ? changed.map((aspect) => ASPECT_EVENT[aspect]) : ['ContactUpdate'];
  }
  const events = types.map((type) => ({
    type,
    dedupeKey: type === 'ContactCreate' ? `ContactCreate:${contact.id}` : `${type}:${contact.id}:${at}`,
    payload: contactPayload(type, contact, at, locationId),
  }));
  const created = needsCreate ? 'reconcile' : mark?.state.created;
  return {
    covered: false,
    events,
    mark: {
      reportedAt: Math.max(at, mark?.reportedAt ?? 0),
      state: {
        origin: 'reconcile',
        aspects,
        ...(created ? { created } : {}),
        ...(events[0] ? { inboxKey: events[0].dedupeKey } : {}),
      },
    },
  };
}

/** The contact in the shape of GHL's contact webhooks, marked as reconciled. */
function contactPayload(
  type: string,
  c: SearchedContact,
  at: number,
  locationId: string,
): Record<string, unknown> {
  const name = c.name ?? ([c.firstName, c.lastName].filter(Boolean).join(' ') || null);
  return {
    type,
    locationId,
    id: c.id,
    address1: c.address1 ?? (c as { address?: string | null }).address ?? null,
    city: c.city ?? null,
    state: c.state ?? null,
    companyName: c.companyName ?? null,
    country: c.country ?? null,
    source: c.source ?? null,
    dateAdded: c.dateAdded ?? null,
    dateUpdated: c.dateUpdated ?? new Date(at).toISOString(),
    dateOfBirth: c.dateOfBirth ?? null,
    dnd: c.dnd ?? false,
    email: c.email ?? null,
    name,
    firstName: c.firstName ?? null,
    lastName: c.lastName ?? null,
    phone: c.phone ?? null,
    postalCode: c.postalCode ?? null,
    tags: c.tags ?? [],
    website: c.website ?? null,
    assignedTo: c.assignedTo ?? null,
    customFields: c.customFields ?? [],
    ...(type === 'ContactDndUpdate' ? { dndSettings: c.dndSettings ?? {} } : {}),
    timestamp: new Date(at).toISOString(),
    reconciled: true,
  };
}
