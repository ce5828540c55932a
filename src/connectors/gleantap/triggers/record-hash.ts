import { createHash } from 'node:crypto';
import type { Member } from '../schemas.ts';

/**
 * Lists that grow on their own (check-ins, purchases) are not changes of the contact, so they
 * do not count; everything else does, in a key order that does not depend on the answer's.
 */
const VOLATILE = new Set(['visits', 'purchases', 'memberships', 'sales_notes', 'events']);

export function hashOf(member: Member): string {
  const stable = Object.keys(member)
    .filter((key) => !VOLATILE.has(key))
    .sort()
    .map((key) => [key, member[key]]);
  return createHash('sha256').update(JSON.stringify(stable)).digest('hex').slice(0, 16);
}
