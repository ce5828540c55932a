import { z } from 'zod';

/**
 * Zod shapes of Gleantap's answers, after the External API description
 * (`gleantap-external-api.json`). Lists are `{ members: [...] }`. The 0/1 opt-out flags are
 * typed integers; a string or boolean is accepted too, since the live format is unconfirmed.
 * Objects are loose: `fulldata` adds attributes and custom fields.
 */
const text = z.string().nullish();
const flag = z.union([z.number(), z.string(), z.boolean()]).nullish();

export const member = z.looseObject({
  id: z.string().min(1),
  firstname: text,
  lastname: text,
  email: text,
  phone: text,
  last_location: text,
  email_optout: flag,
  sms_optout: flag,
  created_date: text,
});
export type Member = z.infer<typeof member>;

export const optinMember = z.looseObject({
  id: z.string().min(1),
  firstname: text,
  lastname: text,
  email: text,
  phone: text,
  add_date: text,
});

export const optoutMember = z.looseObject({
  id: z.string().min(1),
  firstname: text,
  lastname: text,
  email: text,
  phone: text,
  email_optout: flag,
  sms_optout: flag,
  optout_date: text,
});

export const day = z.iso.date().describe('A date, YYYY-MM-DD');

export const paging = {
  limit: z.number().int().min(1).max(1000).default(100).describe('At most 1,000'),
  offset: z.number().int().min(0).default(0),
};

/** `nextOffset` is null when the page was the last. */
export function page<T>(members: T[], input: { limit: number; offset: number }) {
  return {
    members,
    nextOffset: members.length < input.limit ? null : input.offset + members.length,
  };
}

export const pageOutput = <T extends z.ZodType>(item: T) =>
  z.object({ members: z.array(item), nextOffset: z.number().int().nullable() });
