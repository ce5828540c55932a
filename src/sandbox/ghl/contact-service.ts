import {
  applyContactInput,
  type ContactInput,
  checkContactInput,
  normalizeEmail,
  normalizePhone,
} from './contact-input.ts';
import { badRequest } from './errors.ts';
import type { GhlEvents } from './events.ts';
import { newId } from './ids.ts';
import type { Contact, DuplicateField, Location } from './model.ts';
import { fullName } from './render.ts';

export interface DuplicateMatch {
  contact: Contact;
  field: DuplicateField;
}

/**
 * Contact writes with HighLevel's rules: duplicate checks following the location's
 * "Allow Duplicate Contact" setting, `dateUpdated` moved only by real changes, and the
 * matching webhook events.
 */
export class ContactService {
  constructor(private readonly events: GhlEvents) {}

  create(location: Location, input: ContactInput, options: { checkDuplicates?: boolean } = {}): Contact {
    checkContactInput(input);
    if (options.checkDuplicates ?? !location.settings.allowDuplicateContact) {
      const match = this.findDuplicate(location, input);
      if (match) throw duplicateError(match);
    }
    const now = Date.now();
    const contact: Contact = {
      id: newId(),
      locationId: location.id,
      type: 'lead',
      dnd: false,
      tags: [],
      customFields: {},
      followers: [],
      campaigns: [],
      workflows: [],
      dateAdded: now,
      dateUpdated: now,
    };
    applyContactInput(contact, input, location);
    location.contacts.set(contact.id, contact);
    this.events.contact('ContactCreate', contact);
    return contact;
  }

  update(location: Location, contact: Contact, input: ContactInput): Contact {
    checkContactInput(input);
    if (!location.settings.allowDuplicateContact) {
      const match = this.findDuplicate(location, input, contact.id);
      if (match) throw duplicateError(match);
    }
    this.change(contact, () => applyContactInput(contact, input, location));
    return contact;
  }

  /** Upsert: `new` tells whether a contact was created (spec `UpsertContactDto`, notes §2a). */
  upsert(location: Location, input: ContactInput & { createNewIfDuplicateAllowed?: boolean }) {
    const { createNewIfDuplicateAllowed, ...fields } = input;
    checkContactInput(fields);
    if (createNewIfDuplicateAllowed && location.settings.allowDuplicateContact) {
      return { isNew: true, contact: this.create(location, fields, { checkDuplicates: false }) };
    }
    const match = this.findDuplicate(location, fields);
    if (!match) return { isNew: true, contact: this.create(location, fields, { checkDuplicates: false }) };
    // The second identifier is dropped when it belongs to another contact, so no duplicate is made.
    const other = this.findDuplicate(location, fields, match.contact.id);
    const update = { ...fields };
    if (other && other.field !== match.field) delete update[other.field];
    this.change(match.contact, () => applyContactInput(match.contact, update, location));
    return { isNew: false, contact: match.contact };
  }

  delete(location: Location, contact: Contact): void {
    location.contacts.delete(contact.id);
    location.tasks.delete(contact.id);
    location.notes.delete(contact.id);
    for (const [id, appointment] of location.appointments) {
      if (appointment.contactId === contact.id) location.appointments.delete(id);
    }
    this.events.contact('ContactDelete', contact);
  }

  /** Runs a mutation and, when something changed, moves `dateUpdated` and emits the events. */
  change(contact: Contact, mutate: () => void): boolean {
    const before = snapshot(contact);
    mutate();
    const after = snapshot(contact);
    const tags = before.tags !== after.tags;
    const dnd = before.dnd !== after.dnd;
    const other = before.rest !== after.rest;
    if (!tags && !dnd && !other) return false;
    // Strictly increasing, so a poll by dateUpdated never misses two changes in one millisecond.
    contact.dateUpdated = Math.max(Date.now(), contact.dateUpdated + 1);
    if (other) this.events.contact('ContactUpdate', contact);
    if (tags) this.events.contact('ContactTagUpdate', contact);
    if (dnd) this.events.contact('ContactDndUpdate', contact);
    return true;
  }

  /**
   * The first contact (other than `exceptId`) matching the request's email or phone, in the
   * given order (default: the location's priority order).
   */
  findDuplicate(
    location: Location,
    input: { email?: string | null; phone?: string | null },
    exceptId?: string,
    order: DuplicateField[] = location.settings.duplicatePriority,
  ) {
    const wanted = {
      email: input.email ? normalizeEmail(input.email) : undefined,
      phone: input.phone ? normalizePhone(input.phone) : undefined,
    };
    for (const field of order) {
      const value = wanted[field];
      if (!value) continue;
      for (const contact of location.contacts.values()) {
        const own = field === 'email' ? contact.email?.toLowerCase() : contact.phone;
        if (contact.id !== exceptId && own === value) return { contact, field } satisfies DuplicateMatch;
      }
    }
    return undefined;
  }
}

function duplicateError(match: DuplicateMatch) {
  return badRequest('This location does not allow duplicated contacts.', {
    meta: {
      contactId: match.contact.id,
      contactName: fullName(match.contact) ?? '',
      matchingField: match.field,
    },
  });
}

function snapshot(contact: Contact): { tags: string; dnd: string; rest: string } {
  const { tags, dnd, dndSettings, dateUpdated: _updated, ...rest } = contact;
  return { tags: tags.join('\u0000'), dnd: JSON.stringify([dnd, dndSettings]), rest: JSON.stringify(rest) };
}
