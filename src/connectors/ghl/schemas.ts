import { z } from 'zod';

/**
 * Zod shapes of GHL's records, after the official spec's schemas (GetContectByIdSchema,
 * TaskSchema, GetNoteSchema, GetEventSchema, the 2025 search `Contact`). Objects are loose: a
 * field GHL adds later reaches the user instead of being dropped.
 */
const str = z.string();
const optStr = z.string().nullish();

/** A custom field value as GHL returns it; `key` and `name` are added when asked for. */
export const customFieldValue = z.looseObject({
  id: z.string(),
  value: z.unknown().optional(),
  key: z.string().optional().describe('Field key, e.g. contact.favourite_colour'),
  name: z.string().optional().describe('Field name as shown in GHL'),
});
export type CustomFieldValue = z.infer<typeof customFieldValue>;

export const dndChannel = z.looseObject({
  status: z.enum(['active', 'inactive', 'permanent']),
  message: z.string().optional(),
  code: z.string().optional(),
});

export const dndSettings = z.looseObject({
  Call: dndChannel.optional(),
  Email: dndChannel.optional(),
  SMS: dndChannel.optional(),
  WhatsApp: dndChannel.optional(),
  GMB: dndChannel.optional(),
  FB: dndChannel.optional(),
});

export const inboundDndSettings = z.object({
  all: z.object({ status: z.enum(['active', 'inactive']), message: z.string().optional() }).optional(),
});

export const contact = z.looseObject({
  id: str,
  locationId: optStr,
  name: optStr,
  firstName: optStr,
  lastName: optStr,
  email: optStr,
  phone: optStr,
  companyName: optStr,
  address1: optStr,
  city: optStr,
  state: optStr,
  country: optStr,
  postalCode: optStr,
  website: optStr,
  timezone: optStr,
  source: optStr,
  type: optStr,
  assignedTo: optStr,
  dnd: z.boolean().nullish(),
  dndSettings: dndSettings.nullish(),
  tags: z.array(z.string()).nullish(),
  customFields: z.array(customFieldValue).nullish(),
  dateOfBirth: optStr,
  dateAdded: optStr,
  dateUpdated: optStr,
  businessId: optStr,
});
export type Contact = z.infer<typeof contact>;

/** A search cursor: the sort values of a contact, then its id. */
export const searchCursor = z.array(z.union([z.string(), z.number(), z.null()]));
export type SearchCursor = z.infer<typeof searchCursor>;

/** A contact as `POST /contacts/search` returns it, with its `searchAfter` cursor. */
export const searchedContact = contact.extend({ searchAfter: searchCursor.optional() });
export type SearchedContact = z.infer<typeof searchedContact>;

export const task = z.looseObject({
  id: str,
  title: optStr,
  body: optStr,
  assignedTo: optStr,
  dueDate: optStr,
  completed: z.boolean().nullish(),
  contactId: optStr,
});
export type Task = z.infer<typeof task>;

export const note = z.looseObject({
  id: str,
  body: optStr,
  userId: optStr,
  dateAdded: optStr,
  contactId: optStr,
  title: optStr,
  color: optStr,
  pinned: z.boolean().nullish(),
});
export type Note = z.infer<typeof note>;

export const appointment = z.looseObject({
  id: str,
  calendarId: optStr,
  status: optStr,
  title: optStr,
  appointmentStatus: optStr,
  assignedUserId: optStr,
  notes: optStr,
  startTime: optStr,
  endTime: optStr,
  address: optStr,
  locationId: optStr,
  contactId: optStr,
  groupId: optStr,
  users: z.array(z.string()).nullish(),
  dateAdded: optStr,
  dateUpdated: optStr,
});
export type Appointment = z.infer<typeof appointment>;

/** `succeded` is how the API spells it. */
export const succeeded = z.looseObject({ succeded: z.boolean() });

export const id = (what: string) => z.string().trim().min(1).describe(what);
export const contactId = id('Contact id');

/** Custom field input: by the field's id, its key (`contact.favourite_colour`) or its name. */
export const customFieldInput = z
  .object({
    id: z.string().min(1).optional().describe('Field id'),
    key: z.string().min(1).optional().describe('Field key, e.g. contact.favourite_colour'),
    name: z.string().min(1).optional().describe('Field name as shown in GHL, e.g. Favourite Colour'),
    field_value: z
      .union([z.string(), z.number(), z.array(z.string()), z.record(z.string(), z.unknown()), z.null()])
      .describe('Text, a number, a list of options, or null to clear'),
  })
  .refine((f) => [f.id, f.key, f.name].filter(Boolean).length === 1, {
    message: 'give exactly one of id, key or name',
  });
export type CustomFieldInput = z.infer<typeof customFieldInput>;

const nullableStr = z.string().nullable().optional();
const email = z.email().nullable().optional();
const phone = z
  .string()
  .refine((value) => value.replace(/\D/g, '').length >= 5, {
    message: 'must be a phone number, e.g. +14155550100',
  })
  .nullable()
  .optional()
  .describe('E.164 format, e.g. +14155550100');

/** The writable contact fields of an update (UpdateContactDto: no locationId, gender or companyName). */
export const contactUpdateFields = {
  firstName: nullableStr.describe('First name'),
  lastName: nullableStr.describe('Last name'),
  name: nullableStr.describe('Full name; GHL derives it from first and last name when absent'),
  email,
  phone,
  address1: nullableStr.describe('Street address'),
  city: nullableStr,
  state: nullableStr,
  postalCode: z.string().optional(),
  website: nullableStr,
  timezone: nullableStr.describe('e.g. America/Chicago'),
  dnd: z.boolean().optional().describe('Do not disturb on every channel'),
  dndSettings: dndSettings.optional(),
  inboundDndSettings: inboundDndSettings.optional(),
  tags: z.array(z.string()).optional().describe('Replaces every tag of the contact'),
  customFields: z.array(customFieldInput).optional(),
  source: nullableStr,
  dateOfBirth: nullableStr.describe('e.g. 1990-04-21'),
  country: z.string().optional().describe('ISO 3166-1 alpha-2 code, e.g. US'),
  assignedTo: nullableStr.describe('User id'),
};

/** The writable contact fields of a create or upsert (CreateContactDto without locationId). */
export const contactCreateFields = {
  ...contactUpdateFields,
  gender: z.string().optional(),
  companyName: nullableStr,
  source: z.string().optional(),
  assignedTo: z.string().optional().describe('User id'),
};
