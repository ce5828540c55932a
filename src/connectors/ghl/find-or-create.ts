import type { ActionContext } from '../../kernel/define.ts';
import type { GhlClient } from './client.ts';
import { withCustomFieldIds } from './custom-field-input.ts';
import { duplicateOf } from './duplicate-contact.ts';
import { KeyedLock } from './keyed-lock.ts';
import type { Contact, CustomFieldInput } from './schemas.ts';

/**
 * Find or create, never duplicating:
 *
 * 1. Look the contact up the way GHL checks duplicates (`GET /contacts/search/duplicate`, by
 *    email and phone). Found: it is answered unchanged.
 * 2. Not found: upsert it. Upsert matches on email or phone whatever the location's "Allow
 *    Duplicate Contact" setting, so when its answer is lost (a 5xx, a reset) and it is sent again,
 *    the second copy finds the contact the first one made instead of creating another. That is
 *    why it is marked idempotent, and why a plain create is never used here.
 * 3. If GHL refuses with its duplicate 400 (`meta.contactId`), that contact is the answer.
 *
 * Calls in this process for the same email or phone run one after the other, so two flows
 * handling the same person do not both find nothing and both create.
 */

type GhlContext = Pick<ActionContext<GhlClient>, 'client' | 'connection' | 'signal'>;

export interface FindOrCreateInput {
  email?: string | null | undefined;
  phone?: string | null | undefined;
  customFields?: CustomFieldInput[] | undefined;
  [field: string]: unknown;
}

export interface FindOrCreateResult {
  contact: Contact;
  /** True when no matching contact existed when the call began. */
  created: boolean;
  matchedBy: 'email' | 'phone' | null;
}

const lock = new KeyedLock();

export async function findOrCreateContact(
  ctx: GhlContext,
  input: FindOrCreateInput,
): Promise<FindOrCreateResult> {
  // Custom fields are resolved first, so a bad field name changes nothing and costs no lookup.
  const fields = await withCustomFieldIds(ctx, input);
  const location = ctx.client.locationId;
  const keys = [
    ...(input.email ? [`${location}|email|${input.email.trim().toLowerCase()}`] : []),
    ...(input.phone ? [`${location}|phone|${input.phone.replace(/\D/g, '')}`] : []),
  ];
  return lock.run(keys, async () => {
    const existing = await lookUp(ctx, input.email, input.phone);
    if (existing) return { contact: existing, created: false, matchedBy: matchedField(existing, input) };
    try {
      const answer = await ctx.client.call('upsert-contact', {
        body: { ...fields, locationId: location },
        idempotent: true,
        signal: ctx.signal,
      });
      return { contact: answer.contact as Contact, created: true, matchedBy: null };
    } catch (error) {
      const duplicate = duplicateOf(error);
      if (!duplicate) throw error;
      const found = await ctx.client.call('get-contact', {
        path: { contactId: duplicate.contactId },
        signal: ctx.signal,
      });
      const field = duplicate.matchingField === 'phone' ? 'phone' : 'email';
      return { contact: found.contact as Contact, created: false, matchedBy: field };
    }
  });
}

async function lookUp(
  ctx: GhlContext,
  email: string | null | undefined,
  phone: string | null | undefined,
): Promise<Contact | undefined> {
  const data = (await ctx.client.call('get-duplicate-contact', {
    query: {
      locationId: ctx.client.locationId,
      ...(email ? { email } : {}),
      ...(phone ? { number: phone } : {}),
    },
    signal: ctx.signal,
  })) as { contact?: Contact | null } | undefined;
  return data?.contact ?? undefined;
}

function matchedField(contact: Contact, input: FindOrCreateInput): 'email' | 'phone' {
  const email = input.email?.trim().toLowerCase();
  return email && contact.email?.trim().toLowerCase() === email ? 'email' : 'phone';
}
