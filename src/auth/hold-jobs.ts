import { AuthError } from '../kernel/errors.ts';
import { RetryLater } from '../queue/types.ts';

/** How often a job held for a connection waiting to be re-authorized looks again. */
export const REAUTH_RECHECK_MS = 5 * 60 * 1000;

/**
 * For job handlers: a connection that must be authorized again holds its jobs instead of
 * failing them. `catch (error) { throw holdIfNeedsReauth(error); }` turns an AuthError with
 * `needsReauth` into a RetryLater (no attempt is spent; the job runs again after `recheckMs`)
 * and returns any other error unchanged.
 */
export function holdIfNeedsReauth(error: unknown, recheckMs = REAUTH_RECHECK_MS): unknown {
  if (!(error instanceof AuthError) || !error.needsReauth) return error;
  return new RetryLater(new Date(Date.now() + recheckMs), `Held until reconnected: ${error.message}`);
}
