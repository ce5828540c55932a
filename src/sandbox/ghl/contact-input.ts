import { unprocessable } from './errors.ts';
import type { Contact, CustomFieldDefinition, Location } from './model.ts';

/** A contact body as the spec's create/update/upsert DTOs allow it (already schema-validated). */
export interface ContactInput {
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  gender?: string;
  address1?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string;
  website?: string | null;
  timezone?: string | null;
  companyName?: string | null;
  source?: string | null;
  country?: string;
  assignedTo?: string | null;
  dnd?: boolean;
  dndSettings?: Contact['dndSettings'];
  inboundDndSettings?: Contact['inboundDndSettings'];
  tags?: string[];
  customFields?: {
    id?: string;
    key?: string;
    field_value?: unknown;
    fieldValue?: unknown;
    value?: unknown;
  }[];
  dateOfBirth?: string | null;
}

const STRING_FIELDS = [
  'email',
  'phone',
  'gender',
  'address1',
  'city',
  'state',
  'postalCode',
  'website',
  'timezone',
  'companyName',
  'source',
  'country',
  'assignedTo',
] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Emails are kept as given (trimmed); comparisons use the lower-cased form, as `emailLowerCase` shows. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** `+1 888-888-8888` → `+18888888888`; ten bare digits are taken as a US number. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (phone.trim().startsWith('+')) return `+${digits}`;
  if (digits.length === 10) return `+1${digits}`;
  return `+${digits}`;
}

/** Tags are stored trimmed, lower-cased and without repeats, in the order first given. */
export function normalizeTags(tags: string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const clean = tag.trim().toLowerCase();
    if (clean && !out.includes(clean)) out.push(clean);
  }
  return out;
}

const DATE_FORMATS: [RegExp, (m: RegExpMatchArray) => [string, string, string]][] = [
  [/^(\d{4})[/\-._](\d{1,2})[/\-._](\d{1,2})(?:T.*)?$/, (m) => [m[1]!, m[2]!, m[3]!]],
  [/^(\d{1,2})[/\-._](\d{1,2})[/\-._](\d{4})$/, (m) => [m[3]!, m[1]!, m[2]!]],
];

/** The documented birth-date formats (YYYY/MM/DD, MM/DD/YYYY, with `/ - . _`) → `YYYY-MM-DD`. */
export function parseDateOfBirth(value: string): string | undefined {
  for (const [pattern, pick] of DATE_FORMATS) {
    const match = value.trim().match(pattern);
    if (!match) continue;
    const [y, m, d] = pick(match);
    const text = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    const date = new Date(`${text}T00:00:00.000Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().startsWith(text)) return text;
  }
  return undefined;
}

/** Checks the values the schema cannot (email and phone shape, birth date); 422 like HighLevel. */
export function checkContactInput(input: ContactInput): void {
  const problems: string[] = [];
  if (input.email && !EMAIL.test(input.email.trim())) problems.push('email must be an email');
  if (input.phone && input.phone.replace(/\D/g, '').length < 5)
    problems.push('phone must be a valid phone number');
  if (input.dateOfBirth && !parseDateOfBirth(input.dateOfBirth)) {
    problems.push('dateOfBirth must be a valid date (YYYY-MM-DD, MM/DD/YYYY, YYYY.MM.DD, ...)');
  }
  if (problems.length > 0) throw unprocessable(problems);
}

/** Applies a validated body to a contact (`null` clears a field; `tags` replaces all tags). */
export function applyContactInput(contact: Contact, input: ContactInput, location: Location): void {
  const target = contact as unknown as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    if (!(field in input)) continue;
    const value = input[field];
    if (value === null || value === '') delete target[field];
    else if (field === 'email') contact.email = (value as string).trim();
    else if (field === 'phone') contact.phone = normalizePhone(value as string);
    else target[field] = value;
  }
  applyNames(contact, input);
  if (input.dnd !== undefined) contact.dnd = input.dnd;
  if (input.dndSettings !== undefined) contact.dndSettings = { ...contact.dndSettings, ...input.dndSettings };
  if (input.inboundDndSettings !== undefined) contact.inboundDndSettings = input.inboundDndSettings;
  if (input.tags !== undefined) contact.tags = normalizeTags(input.tags);
  if ('dateOfBirth' in input) {
    if (input.dateOfBirth) contact.dateOfBirth = parseDateOfBirth(input.dateOfBirth);
    else delete contact.dateOfBirth;
  }
  if (input.customFields) applyCustomFields(contact, input.customFields, location.customFields);
}

function applyNames(contact: Contact, input: ContactInput): void {
  const hasFirst = 'firstName' in input;
  const hasLast = 'lastName' in input;
  if (hasFirst) setOrClear(contact, 'firstName', input.firstName);
  if (hasLast) setOrClear(contact, 'lastName', input.lastName);
  if ('name' in input && !hasFirst && !hasLast) {
    // A bare `name` is split into first and last names, as HighLevel shows them.
    const parts = (input.name ?? '').trim().split(/\s+/).filter(Boolean);
    setOrClear(contact, 'firstName', parts[0]);
    setOrClear(contact, 'lastName', parts.slice(1).join(' ') || undefined);
  }
  delete contact.name;
}

function setOrClear(
  contact: Contact,
  field: 'firstName' | 'lastName',
  value: string | null | undefined,
): void {
  if (value) contact[field] = value;
  else delete contact[field];
}

/** Items name a field by `id` or `key` (`my_field` or `contact.my_field`); unknown fields are ignored. */
function applyCustomFields(
  contact: Contact,
  items: NonNullable<ContactInput['customFields']>,
  definitions: CustomFieldDefinition[],
): void {
  for (const item of items) {
    const key = item.key?.startsWith('contact.') ? item.key : item.key ? `contact.${item.key}` : undefined;
    const definition = definitions.find((d) => (item.id && d.id === item.id) || (key && d.fieldKey === key));
    if (!definition) continue;
    const value =
      item.field_value !== undefined
        ? item.field_value
        : item.fieldValue !== undefined
          ? item.fieldValue
          : item.value;
    if (value === null || value === '' || value === undefined) delete contact.customFields[definition.id];
    else contact.customFields[definition.id] = value;
  }
}
