/**
 * Reads the records whose `createdAt` or `updatedAt` is at or after a point, without losing or
 * repeating any, however many share a timestamp and wherever pages and polls end:
 *
 * - Keyset paging: each page starts at the last timestamp read (`field>=T`, sorted by the
 *   field), skipping only the records at exactly T already read. A record that changes during
 *   the scan moves to the end of the order instead of shifting everything after it. Within a
 *   group of equal timestamps it can still shift the rest, so each page re-reads the last record
 *   read and checks it is where it was; if not, the group is read again from its start.
 * - An overlap window: every poll re-reads from `since - overlapMs`, which catches a record
 *   stamped a little before `since` but written (or visible) a little after it.
 * - A seen-set: the id and stamp of every record read inside the overlap window, so the re-read
 *   part emits nothing twice. It is pruned to the window, which bounds its size.
 */

export interface ChangeCursor {
  /** The greatest stamp read so far (ISO 8601). */
  since: string;
  /** Record id → the stamp it was read with, for records stamped at or after `since - overlapMs`. */
  seen: Record<string, string>;
  /** Where an unfinished scan goes on (it hit `maxPages`): no overlap is re-read until it ends. */
  resume?: { from: string; skip: number; lastId?: string | undefined };
  /**
   * While the first scan lasts (it may take several polls): the instant the trigger was switched
   * on. Records stamped until then are only learned; later ones are emitted.
   */
  learning?: string;
}

export interface ChangeFeed<Item> {
  /** Records with `field >= from`, sorted ascending by the field, after skipping `skip`. */
  read(from: string, skip: number, limit: number): Promise<Item[]>;
  idOf(item: Item): string;
  stampOf(item: Item): string | undefined;
}

export interface ChangeScanOptions {
  pageSize: number;
  /** Pages read per poll at most; the next poll goes on from where this one stopped. */
  maxPages: number;
  overlapMs: number;
}

export interface ChangeScan<Item> {
  /** Records read for the first time or with a new stamp, in stamp order. */
  fresh: Item[];
  cursor: ChangeCursor;
}

/** With no cursor (first run) it only learns what exists: nothing is fresh and `since` is now. */
export async function scanChanges<Item>(
  feed: ChangeFeed<Item>,
  cursor: ChangeCursor | null,
  now: Date,
  options: ChangeScanOptions,
): Promise<ChangeScan<Item>> {
  const switchedOn = cursor ? cursor.learning : now.toISOString();
  const learnedUntil = switchedOn === undefined ? Number.NEGATIVE_INFINITY : Date.parse(switchedOn);
  const startMs = cursor ? Date.parse(cursor.since) : now.getTime();
  const seen: Record<string, string> = { ...cursor?.seen };
  const fresh: Item[] = [];
  let from = cursor?.resume ? Date.parse(cursor.resume.from) : startMs - options.overlapMs;
  let skip = cursor?.resume?.skip ?? 0;
  let lastId = cursor?.resume?.lastId;
  let greatest = startMs;
  let ended = false;
  const stampMs = (item: Item) => Date.parse(feed.stampOf(item) ?? '');
  for (let page = 0; page < options.maxPages && !ended; page++) {
    const raw = await feed.read(new Date(from).toISOString(), skip > 0 ? skip - 1 : 0, options.pageSize);
    let items = raw;
    if (skip > 0) {
      if (!raw[0] || feed.idOf(raw[0]) !== lastId) {
        // The group at `from` shifted (one of it changed): read it again from its start.
        skip = 0;
        lastId = undefined;
        continue;
      }
      items = raw.slice(1);
    }
    for (const item of items) {
      const at = stampMs(item);
      if (Number.isNaN(at)) continue;
      const id = feed.idOf(item);
      const stamp = feed.stampOf(item) as string;
      if (seen[id] !== stamp) {
        seen[id] = stamp;
        if (at > learnedUntil) fresh.push(item);
      }
      greatest = Math.max(greatest, at);
    }
    const lastItem = raw.at(-1);
    const last = lastItem === undefined ? Number.NaN : stampMs(lastItem);
    ended = raw.length < options.pageSize || Number.isNaN(last);
    if (ended || lastItem === undefined) break;
    if (last === from) {
      skip += items.length;
    } else {
      from = last;
      skip = items.filter((item) => stampMs(item) === last).length;
    }
    lastId = feed.idOf(lastItem);
  }
  const floor = greatest - options.overlapMs;
  const next: ChangeCursor = {
    since: new Date(greatest).toISOString(),
    seen: Object.fromEntries(Object.entries(seen).filter(([, stamp]) => Date.parse(stamp) >= floor)),
    ...(ended ? {} : { resume: { from: new Date(from).toISOString(), skip, lastId } }),
    ...(switchedOn !== undefined && !ended ? { learning: switchedOn } : {}),
  };
  return { fresh: cursor ? fresh : [], cursor: next };
}
