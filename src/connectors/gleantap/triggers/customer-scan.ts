import type { GleantapClient } from '../client.ts';
import type { Member } from '../schemas.ts';

/**
 * One pass over `getCustomers` with `updated_since = day`, a page at a time, possibly spread
 * over several polls (`offset` says where the pass stands). Lists are in creation order and an
 * update does not move a contact, so offset paging is stable except when contacts are deleted
 * in between: each page therefore starts one record early, and if that record is not the last
 * one read, the list shifted under us and the pass is marked not `clean` (a record may have
 * been skipped; the day is then not advanced, so the next pass reads it).
 */
export interface PassPosition {
  /** `updated_since` of every read in this pass (YYYY-MM-DD). */
  day: string;
  /** Where the pass stands; 0 when a new pass starts. */
  offset: number;
  /** Id of the last record read, which the next page must start with. */
  lastId?: string | undefined;
  pass: number;
  /** When the pass began (ISO): the next day is taken from it. */
  passStartedAt: string;
  clean: boolean;
}

export interface PassRead {
  members: Member[];
  position: PassPosition;
  /** The end of the list was reached. */
  ended: boolean;
}

export async function readPass(
  client: GleantapClient,
  position: PassPosition,
  options: { pageSize: number; maxPages: number; signal?: AbortSignal | undefined },
): Promise<PassRead> {
  const members: Member[] = [];
  let { offset, lastId, clean } = position;
  for (let page = 0; page < options.maxPages; page++) {
    const start = offset === 0 ? 0 : offset - 1;
    const data = await client.call<{ members?: Member[] }>(
      'getCustomers',
      { updated_since: position.day, limit: options.pageSize, offset: start, fulldata: true },
      { idempotent: true, signal: options.signal },
    );
    const items = data.members ?? [];
    if (offset > 0 && !items.some((item) => item.id === lastId)) clean = false;
    members.push(...items);
    offset = start + items.length;
    lastId = items.at(-1)?.id ?? lastId;
    if (items.length < options.pageSize) {
      return { members, ended: true, position: { ...position, offset, lastId, clean } };
    }
  }
  return { members, ended: false, position: { ...position, offset, lastId, clean } };
}
