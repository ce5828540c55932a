import type { ActionContext } from '../../kernel/define.ts';
import { ApiError, OutcomeUnknownError } from '../../kernel/errors.ts';
import { type GleapClient, gleapPath } from './client.ts';
import { unlessNotFound } from './not-found.ts';
import type { Contact } from './schemas.ts';

/**
 * Find or create a Gleap contact, never duplicating:
 *
 * 1. By user id (`GET /sessions/by-user-id`), which Gleap keeps unique per project.
 * 2. By email (`GET /sessions?email=`, then a case-insensitive search), skipping a contact
 *    that carries another user id: that is another person who shares the address. A contact
 *    found by email that has no user id gets the one given, so the next look-up is by id.
 * 3. Otherwise create it. If another process created the same user id meanwhile, Gleap refuses
 *    with 400 and that contact is the answer; if the create's answer is lost, the contact is
 *    looked up again instead of being created twice.
 *
 * Calls in this process for the same user id or email run one after the other, so two flows
 * handling the same person do not both find nothing and both create.
 */

type GleapContext = Pick<ActionContext<GleapClient>, 'client' | 'signal'>;

export interface FindOrCreateResult {
  contact: Contact;
  /** True when no matching contact existed when the call began. */
  created: boolean;
  matchedBy: 'userId' | 'email' | null;
}

export interface ContactIdentity {
  userId?: string | undefined;
  email?: string | undefined;
}

const inFlight = new Map<string, Promise<unknown>>();

export async function findOrCreateContact(
  ctx: GleapContext,
  input: ContactIdentity & Record<string, unknown>,
): Promise<FindOrCreateResult> {
  const keys = [
    ...(input.userId ? [`${ctx.client.projectId}|user|${input.userId}`] : []),
    ...(input.email ? [`${ctx.client.projectId}|email|${input.email.trim().toLowerCase()}`] : []),
  ];
  return oneAtATime(keys, async () => {
    const found = await lookUp(ctx, input);
    if (found) return found;
    try {
      const contact = await ctx.client.call<Contact>('POST', '/sessions', {
        body: input,
        signal: ctx.signal,
      });
      return { contact, created: true, matchedBy: null };
    } catch (error) {
      const userIdTaken = error instanceof ApiError && error.status === 400 && input.userId;
      if (!userIdTaken && !(error instanceof OutcomeUnknownError)) throw error;
      const again = await lookUp(ctx, input);
      if (!again) throw error;
      return error instanceof OutcomeUnknownError ? { ...again, created: true, matchedBy: null } : again;
    }
  });
}

async function lookUp(ctx: GleapContext, who: ContactIdentity): Promise<FindOrCreateResult | undefined> {
  if (who.userId) {
    const userId = who.userId;
    const byId = await unlessNotFound(() =>
      ctx.client.get<Contact>(gleapPath`/sessions/by-user-id/${userId}`, { signal: ctx.signal }),
    );
    if (byId) return { contact: byId, created: false, matchedBy: 'userId' };
  }
  if (!who.email) return undefined;
  const byEmail = await findByEmail(ctx, who.email, who.userId);
  if (!byEmail) return undefined;
  if (who.userId && !byEmail.userId) {
    const linked = await ctx.client.call<Contact>('PUT', gleapPath`/sessions/${byEmail._id}`, {
      body: { userId: who.userId },
      signal: ctx.signal,
    });
    return { contact: linked, created: false, matchedBy: 'email' };
  }
  return { contact: byEmail, created: false, matchedBy: 'email' };
}

async function findByEmail(ctx: GleapContext, email: string, userId: string | undefined) {
  const wanted = email.trim().toLowerCase();
  const usable = (candidates: Contact[]) =>
    candidates.find(
      (c) => c.email?.trim().toLowerCase() === wanted && (!userId || !c.userId || c.userId === userId),
    );
  const exact = await ctx.client.get<Contact[]>('/sessions', {
    query: { email, sort: 'createdAt', limit: 50 },
    signal: ctx.signal,
  });
  const hit = usable(exact);
  if (hit) return hit;
  // The filter is an exact match; the search also finds the address written in another case.
  const searched = await ctx.client.get<Contact[]>('/sessions/search', {
    query: { searchTerm: wanted, limit: 50 },
    signal: ctx.signal,
  });
  return usable(searched);
}

/** Waits for every earlier call holding one of the keys, then runs. */
async function oneAtATime<T>(keys: string[], work: () => Promise<T>): Promise<T> {
  const earlier = keys.map((key) => inFlight.get(key)).filter((p) => p !== undefined);
  const mine = Promise.allSettled(earlier).then(work);
  const settled = mine.catch(() => undefined);
  for (const key of keys) inFlight.set(key, settled);
  try {
    return await mine;
  } finally {
    for (const key of keys) if (inFlight.get(key) === settled) inFlight.delete(key);
  }
}
