import { z } from 'zod';

/**
 * Zod shapes of Gleap's records. The description (`gleap-openapi.yml`) types most answers as
 * `{}`, so these follow `SessionDto`, `CreateTicketDto` and `CreateMessageDto` plus the fields
 * reads add (`_id`, `id`, timestamps). Objects are loose: a field Gleap adds reaches the user.
 */
const optStr = z.string().nullish();
const objectId = z.string().min(1);

/** A reference Gleap may answer as an id or populated (`{ _id, email, name }`). */
export const reference = z.union([z.string(), z.looseObject({ _id: z.string().optional() })]).nullish();

/** Gleap calls contacts "sessions". */
export const contact = z.looseObject({
  _id: objectId,
  id: z.string().optional(),
  userId: optStr,
  email: optStr,
  name: optStr,
  phone: optStr,
  avatar: optStr,
  lang: optStr,
  companyId: optStr,
  companyName: optStr,
  plan: optStr,
  value: z.number().nullish(),
  sla: z.number().nullish(),
  tags: z.array(z.string()).nullish(),
  blocked: z.boolean().nullish(),
  emailOnly: z.boolean().nullish(),
  unsubscribed: z.boolean().nullish(),
  customData: z.record(z.string(), z.unknown()).nullish(),
  createdAt: optStr,
  updatedAt: optStr,
});
export type Contact = z.infer<typeof contact>;

export const ticket = z.looseObject({
  _id: objectId,
  id: z.string().optional(),
  title: optStr,
  description: optStr,
  type: optStr,
  status: optStr,
  priority: optStr,
  tags: z.array(z.string()).nullish(),
  session: reference,
  processingUser: reference,
  processingTeam: reference,
  bugId: z.number().nullish(),
  archived: z.boolean().nullish(),
  isSpam: z.boolean().nullish(),
  dueDate: optStr,
  formData: z.unknown().optional(),
  customData: z.unknown().optional(),
  latestComment: z.unknown().optional(),
  createdAt: optStr,
  updatedAt: optStr,
});
export type Ticket = z.infer<typeof ticket>;

export const ticketPage = z.looseObject({
  tickets: z.array(ticket),
  count: z.number().optional(),
  totalCount: z.number().optional(),
});

export const message = z.looseObject({
  _id: objectId,
  id: z.string().optional(),
  ticket: reference,
  comment: z.unknown().optional(),
  type: optStr,
  isNote: z.boolean().nullish(),
  bot: z.boolean().nullish(),
  user: reference,
  session: reference,
  createdAt: optStr,
  updatedAt: optStr,
});
export type Message = z.infer<typeof message>;

const primitive = z.union([z.string(), z.number(), z.boolean()]);

/** The writable fields of a contact (`SessionDto`); Gleap refuses unknown ones, so typos are caught here. */
export const contactFields = {
  userId: z.string().min(1).optional().describe('Your own id for the contact, e.g. the GHL contact id'),
  email: z.string().optional(),
  name: z.string().optional().describe('Full name: Gleap has no first/last name split'),
  phone: z.string().optional(),
  avatar: z.string().optional().describe('Image URL'),
  lang: z.string().optional().describe('Language code, e.g. en'),
  companyId: z.string().optional(),
  companyName: z.string().optional(),
  plan: z.string().optional(),
  value: z.number().optional().describe('Monthly revenue in major units'),
  sla: z.number().optional(),
  tags: z.array(z.string()).optional(),
  blocked: z.boolean().optional(),
  unsubscribed: z.boolean().optional(),
  customData: z
    .record(z.string(), primitive)
    .refine((data) => Object.keys(data).length <= 35, { message: 'Gleap keeps at most 35 custom data keys' })
    .optional()
    .describe('Strings, numbers and booleans only, at most 35 keys'),
};

/** The writable ticket fields most flows need (`CreateTicketDto` / `UpdateTicketDto`). */
export const ticketFields = {
  title: z.string().optional(),
  description: z.string().optional().describe('Shown as the ticket text (formData.description)'),
  type: z.string().optional().describe('Ticket type as configured in the project, e.g. INQUIRY, BUG'),
  status: z.string().optional().describe('Status as configured in the project, e.g. OPEN, DONE'),
  priority: z.enum(['LOW', 'MEDIUM', 'HIGH']).optional(),
  tags: z.array(z.string()).optional(),
  contactId: z.string().min(1).optional().describe('Id (_id) of the Gleap contact the ticket belongs to'),
  processingUser: z.string().min(1).optional().describe('Id of the team member it is assigned to'),
  processingTeam: z.string().min(1).optional(),
  dueDate: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 date-time'),
  sentiment: z.enum(['positive', 'negative', 'neutral']).optional(),
  archived: z.boolean().optional(),
  isSpam: z.boolean().optional(),
  customData: z.record(z.string(), z.unknown()).optional(),
  formData: z.record(z.string(), z.unknown()).optional(),
};

type TicketInput = { contactId?: string | undefined } & Record<string, unknown>;

/** Our `contactId` is Gleap's `session`. */
export function ticketBody({ contactId, ...rest }: TicketInput): Record<string, unknown> {
  const body: Record<string, unknown> = Object.fromEntries(
    Object.entries(rest).filter(([, value]) => value !== undefined),
  );
  if (contactId !== undefined) body.session = contactId;
  return body;
}

/** A list's equality filters (`?status=OPEN`); an array means "any of" (`?type=BUG,INQUIRY`). */
export const listFilters = z
  .record(
    z.string().regex(/^[A-Za-z0-9_.]+$/, 'a field name such as status or customData.plan'),
    z.union([z.string(), z.number(), z.boolean(), z.array(z.string()).min(1)]),
  )
  .optional()
  .describe('Field = value; an array of values means any of them');

export const listPaging = {
  sort: z
    .string()
    .regex(/^-?[A-Za-z0-9_.]+$/, 'a field name, with - for descending, e.g. -updatedAt')
    .optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  skip: z.number().int().min(0).default(0),
  updatedSince: z.iso.datetime({ offset: true }).optional().describe('Only records updated at or after'),
};

export function listQuery(input: {
  filters?: Record<string, string | number | boolean | string[]> | undefined;
  sort?: string | undefined;
  limit: number;
  skip: number;
  updatedSince?: string | undefined;
}): Record<string, string | number> {
  const query: Record<string, string | number> = { limit: input.limit, skip: input.skip };
  for (const [field, value] of Object.entries(input.filters ?? {})) {
    query[field] = Array.isArray(value) ? value.join(',') : String(value);
  }
  if (input.sort) query.sort = input.sort;
  if (input.updatedSince) query['updatedAt>'] = new Date(input.updatedSince).toISOString();
  return query;
}
