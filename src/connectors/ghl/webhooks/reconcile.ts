import type { Logger } from '../../../kernel/define.ts';
import { inboxRepository } from '../../../store/inbox.ts';
import type { GhlClient } from '../client.ts';
import { searchContactPages } from '../paginate.ts';
import type { SearchCursor, SearchedContact } from '../schemas.ts';
import { type ChangeMark, changeMarks, ghlScope } from './change-marks.ts';
import { ghlTime } from './ghl-time.ts';
import { enqueueInboxEvent, ensureInboxJob, type IntakeDeps } from './inbox-intake.ts';
import { judgeContact, type ReconciledEvent } from './reconcile-contact.ts';
import { judgeRelated, type RelatedState } from './reconcile-related.ts';
import { type ContactMarkState, contactKey, relatedKey } from './record-marks.ts';

/**
 * The poll behind every GHL webhook trigger: GHL drops a webhook on any answer but 429, so every
 * few minutes the contacts whose dateUpdated moved in [last point - lookback, now - grace] are
 * searched, and each change no webhook reported is stored in the inbox as the webhook event it
 * stands for (dedupe key `<type>:<id>:<version>`). The record marks written by webhooks tell a
 * reported change from a missing one; the grace leaves young changes to their webhooks.
 */
export interface ReconcileCursor {
  /** Changes up to here have been looked at. */
  until: number;
  /** When reconciliation began for this location: nothing older is reported. */
  floor: number;
  resume?: { from: number; after: SearchCursor };
}

export interface ReconcileOptions {
  graceMs: number;
  lookbackMs: number;
  pageLimit?: number;
  maxPages?: number;
  /** Contacts per run whose tasks, notes and appointments are fetched (3 requests each). */
  relatedPerRun?: number;
}

export interface ReconcileDeps extends IntakeDeps {
  client: GhlClient;
  connectionId: string;
  locationId: string;
  now: () => number;
  log: Logger;
  signal?: AbortSignal;
}

export interface ReconcileReport {
  cursor: ReconcileCursor;
  examined: number;
  stored: number;
  covered: number;
  relatedChecked: number;
}

export async function reconcileLocation(
  deps: ReconcileDeps,
  cursor: ReconcileCursor | null,
  options: ReconcileOptions,
): Promise<ReconcileReport> {
  const to = deps.now() - options.graceMs;
  const report: ReconcileReport = {
    cursor: cursor ?? { until: to, floor: to },
    examined: 0,
    stored: 0,
    covered: 0,
    relatedChecked: 0,
  };
  if (!cursor) return report;
  const pageLimit = options.pageLimit ?? 100;
  const maxPages = options.maxPages ?? 50;
  const relatedCap = options.relatedPerRun ?? 200;
  const from = cursor.resume?.from ?? Math.max(cursor.floor, cursor.until - options.lookbackMs);
  const scope = ghlScope(deps.locationId);
  const marks = changeMarks(deps.db);
  let last: SearchCursor | undefined;
  let pages = 0;
  let full = false;

  for await (const page of searchContactPages(deps.client, {
    filters: [
      {
        field: 'dateUpdated',
        operator: 'range',
        value: { gte: new Date(from).toISOString(), lte: new Date(to).toISOString() },
      },
    ],
    sort: [{ field: 'dateUpdated', direction: 'asc' }],
    pageLimit,
    maxPages,
    searchAfter: cursor.resume?.after,
    signal: deps.signal,
  })) {
    pages += 1;
    full = page.items.length >= pageLimit;
    last = page.items.at(-1)?.searchAfter ?? last;
    const contacts = page.items.filter((c) => !Number.isNaN(ghlTime(c.dateUpdated)));
    const known = await marks.getMany<ContactMarkState>(
      scope,
      contacts.map((c) => contactKey(c.id)),
    );
    const events: ReconciledEvent[] = [];
    const writes: Array<{ key: string; reportedAt: number; state: object }> = [];
    const uncovered: SearchedContact[] = [];
    for (const contact of contacts) {
      report.examined += 1;
      const at = ghlTime(contact.dateUpdated);
      const mark = known.get(contactKey(contact.id));
      const verdict = judgeContact(contact, at, mark, deps.locationId, cursor.floor);
      if (verdict.covered) {
        report.covered += 1;
        // Reported by an earlier run whose job may not have been enqueued (it stopped in between).
        if (mark?.state.origin === 'reconcile' && mark.state.inboxKey)
          await ensureInboxJob(deps, 'ghl', mark.state.inboxKey);
        continue;
      }
      events.push(...verdict.events);
      if (verdict.mark) writes.push({ key: contactKey(contact.id), ...verdict.mark });
      uncovered.push(contact);
    }
    // Only where the contact's own webhook went missing: that is when its neighbours' did too.
    const related = uncovered.slice(0, Math.max(0, relatedCap - report.relatedChecked));
    if (related.length < uncovered.length) {
      deps.log.warn(
        { location: deps.locationId, skipped: uncovered.length - related.length },
        'reconciliation: related-record checks capped for this run',
      );
    }
    const relatedMarks = await marks.getMany<RelatedState>(
      scope,
      related.flatMap((c) =>
        (['tasks', 'notes', 'appointments'] as const).map((kind) => relatedKey(kind, c.id)),
      ),
    );
    for (const contact of related) {
      const verdict = await judgeRelated(
        deps.client,
        contact,
        deps.locationId,
        cursor.floor,
        relatedMarks as Map<string, ChangeMark<RelatedState>>,
        deps.signal,
      );
      report.relatedChecked += 1;
      events.push(...verdict.events);
      const at = ghlTime(contact.dateUpdated);
      for (const mark of verdict.marks) writes.push({ key: mark.key, reportedAt: at, state: mark.state });
    }
    report.stored += await store(deps, scope, events, writes);
  }

  const truncated = pages >= maxPages && full && last !== undefined;
  report.cursor =
    truncated && last
      ? { until: cursor.until, floor: cursor.floor, resume: { from, after: last } }
      : { until: Math.max(cursor.until, to), floor: cursor.floor };
  if (report.stored > 0) {
    deps.log.info(
      { location: deps.locationId, stored: report.stored, examined: report.examined },
      'reconciliation found changes no webhook reported',
    );
  }
  return report;
}

/** Events and marks in one transaction (a mark never claims an event not stored), then the jobs. */
async function store(
  deps: ReconcileDeps,
  scope: string,
  events: ReconciledEvent[],
  writes: Array<{ key: string; reportedAt: number; state: object }>,
): Promise<number> {
  if (events.length === 0 && writes.length === 0) return 0;
  const { added, duplicates } = await deps.db.transaction().execute(async (trx) => {
    const inbox = inboxRepository(trx);
    const added: string[] = [];
    const duplicates: string[] = [];
    for (const event of events) {
      const row = await inbox.add({
        source: 'ghl',
        connectionId: deps.connectionId,
        eventType: event.type,
        dedupeKey: event.dedupeKey,
        payload: event.payload,
      });
      if (row) added.push(row.id);
      else duplicates.push(event.dedupeKey);
    }
    const marks = changeMarks(trx);
    for (const write of writes) await marks.put(scope, write.key, write.reportedAt, write.state);
    return { added, duplicates };
  });
  for (const id of added) await enqueueInboxEvent(deps.queue, id);
  for (const key of duplicates) await ensureInboxJob(deps, 'ghl', key);
  return added.length;
}
