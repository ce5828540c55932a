import { z } from 'zod';

/**
 * Zod shapes of GHL's records, after the official spec's schemas (GetContectByIdSchema,
 * TaskSchema, GetNoteSchema, GetEventSchema). Objects are loose: a field GHL adds later
 * reaches the user instead of being dropped.
 */
const str = z.string();
const optStr = z.string().nullish();

export const customFieldValue = z.looseObject({
  id: z.string(),
  value: z.unknown().optional(),
});

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

/** Custom field input: by the field's id, or by its key (`contact.favourite_colour`). */
export const customFieldInput = z
  .object({
    id: z.string().optional(),
    key: z.string().optional(),
    field_value: z.union([z.string(), z.number(), z.array(z.string()), z.record(z.string(), z.unknown())]),
  })
  .refine((f) => Boolean(f.id ?? f.key), { message: 'give the custom field id or key' });

const nullableStr = z.string().nullable().optional();

/** The writable contact fields shared by create, upsert and update (CreateContactDto). */
export const contactFields = {
  firstName: nullableStr.describe('First name'),
  lastName: nullableStr,
  name: nullableStr.describe('Full name; GHL derives it from first and last name when absent'),
  email: nullableStr,
  phone: nullableStr.describe('E.164 format, e.g. +14155550100'),
  address1: nullableStr,
  city: nullableStr,
  state: nullableStr,
  postalCode: z.string().optional(),
  website: nullableStr,
  timezone: nullableStr,
  dnd: z.boolean().optional(),
  dndSettings: dndSettings.optional(),
  tags: z.array(z.string()).optional(),
  customFields: z.array(customFieldInput).optional(),
  source: z.string().optional(),
  dateOfBirth: nullableStr,
  country: z.string().optional().describe('ISO 3166-1 alpha-2 code, e.g. US'),
  assignedTo: z.string().optional().describe('User id'),
};
