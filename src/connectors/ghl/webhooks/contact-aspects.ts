import { createHash } from 'node:crypto';

/**
 * A contact's state in three parts, matching GHL's three contact change events: tags
 * (ContactTagUpdate), DND (ContactDndUpdate) and everything else (ContactUpdate). Each part is a
 * short digest of fields that webhook payloads and search answers both carry, normalised the
 * same way, so that the state a webhook reported can be compared with the state a search finds.
 */
export interface ContactAspects {
  fields: string;
  tags: string;
  dnd: string;
}

export type ContactAspect = keyof ContactAspects;

type Record_ = Record<string, unknown>;

const FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'companyName',
  'address1',
  'city',
  'state',
  'postalCode',
  'country',
  'source',
  'assignedTo',
] as const;

const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value).trim();
}

function customFieldsText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .filter((f): f is Record_ => typeof f === 'object' && f !== null && typeof f.id === 'string')
    .map((f) => {
      const raw = f.value ?? f.field_value ?? f.fieldValue;
      const shown =
        raw === undefined || raw === null ? '' : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
      return `${f.id}=${shown}`;
    })
    .filter((entry) => !entry.endsWith('='))
    .sort()
    .join('\u0001');
}

export function contactAspects(contact: Record_): ContactAspects {
  // Search answers name the street `address`, webhooks `address1`.
  const values = FIELDS.map((field) => {
    const value = field === 'address1' ? (contact.address1 ?? contact.address) : contact[field];
    return field === 'email' ? text(value).toLowerCase() : text(value);
  });
  const tags = Array.isArray(contact.tags) ? contact.tags.map((t) => text(t).toLowerCase()).sort() : [];
  return {
    fields: digest([...values, customFieldsText(contact.customFields)].join('\u0000')),
    tags: digest(tags.join('\u0000')),
    dnd: digest(String(contact.dnd === true)),
  };
}

/** The parts that differ; all three when nothing is known of the earlier state. */
export function changedAspects(before: ContactAspects | undefined, after: ContactAspects): ContactAspect[] {
  if (!before) return ['fields', 'tags', 'dnd'];
  return (['fields', 'tags', 'dnd'] as const).filter((aspect) => before[aspect] !== after[aspect]);
}

export const ASPECT_EVENT: Record<ContactAspect, 'ContactUpdate' | 'ContactTagUpdate' | 'ContactDndUpdate'> =
  {
    fields: 'ContactUpdate',
    tags: 'ContactTagUpdate',
    dnd: 'ContactDndUpdate',
  };

export function noteDigest(body: unknown): string {
  return digest(text(body));
}
