import { z } from 'zod';
import { defineGleantapAction } from '../define-gleantap-action.ts';
import { day } from '../schemas.ts';

const KNOWN = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'address',
  'city',
  'state',
  'zip',
  'source',
  'user_id',
  'dob',
  'created_date',
  'gender',
  'type',
  'status',
  'location',
  'optin_sms',
  'optout_email',
  'tags',
  'tag_action',
  'app_id',
];

export const upsertContact = defineGleantapAction({
  key: 'upsert-contact',
  title: 'Create or update contact',
  description:
    'Create a Gleantap contact, or update the one with the same user_id, or the same email and first name, or the same phone and first name (newContact). Send user_id (e.g. the GHL contact id) so later updates always find it. Tags are added (or removed with tag_action "remove"); custom attributes go in `custom`.',
  idempotent: true,
  input: z.object({
    first_name: z.string().describe('Required by Gleantap'),
    last_name: z.string().describe('Required by Gleantap'),
    email: z.email().optional(),
    phone: z.string().min(1).optional(),
    user_id: z.string().min(1).optional().describe('Your own id for the contact'),
    address: z.string().optional(),
    city: z.string().optional(),
    state: z.string().optional(),
    zip: z.string().optional(),
    source: z.string().optional(),
    dob: day.optional().describe('Date of birth, YYYY-MM-DD'),
    created_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'YYYY-MM-DD HH:MM:SS')
      .optional()
      .describe('When the contact joined, YYYY-MM-DD HH:MM:SS'),
    gender: z.string().optional(),
    type: z.string().optional().describe('e.g. member, past, prospect'),
    status: z.string().optional().describe('e.g. active, inactive, non-member'),
    location: z.string().optional(),
    optin_sms: z.boolean().optional().describe('true opts the contact in to SMS at once'),
    optout_email: z.boolean().optional(),
    tags: z
      .array(
        z
          .string()
          .min(1)
          .refine((tag) => !tag.includes(','), 'a tag cannot contain a comma'),
      )
      .optional(),
    tag_action: z.enum(['add', 'remove']).optional(),
    custom: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .refine((custom) => Object.keys(custom).every((key) => !KNOWN.includes(key)), {
        message: `custom attributes cannot be named like a contact field (${KNOWN.join(', ')})`,
      })
      .optional()
      .describe('Custom attributes, sent as extra fields'),
  }),
  output: z.object({ contactId: z.string().min(1), status: z.string().nullish() }),
  async run(ctx, { custom, tags, ...fields }) {
    const body = { ...custom, ...fields, ...(tags ? { tags: tags.join(',') } : {}) };
    // An upsert matched by user_id, email or phone cannot create twice; without one of them it may.
    const idempotent = Boolean(fields.user_id || fields.email || fields.phone);
    const data = await ctx.client.call<{ status?: string; _id?: string }>('newContact', body, {
      idempotent,
      signal: ctx.signal,
    });
    return { contactId: data._id, status: data.status };
  },
});
