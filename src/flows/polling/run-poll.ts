import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { clientForConnection } from '../../connectors/client-for-connection.ts';
import { connectionInfo } from '../../connectors/connection-info.ts';
import type { GhlClient } from '../../connectors/ghl/client.ts';
import { ingestEvents } from '../../connectors/ghl/webhooks/inbox-intake.ts';
import {
  type ReconcileCursor,
  type ReconcileOptions,
  reconcileLocation,
} from '../../connectors/ghl/webhooks/reconcile.ts';
import { findTrigger, getConnector } from '../../connectors/registry.ts';
import type { ConnectorServices } from '../../connectors/services.ts';
import type { PollTriggerDefinition } from '../../kernel/define.ts';
import type { Queue } from '../../queue/types.ts';
import type { Connection } from '../../store/connections.ts';
import type { CursorsRepository } from '../../store/cursors.ts';
import type { Schema } from '../../store/schema.ts';
import { GHL_RECONCILE } from './subscriptions.ts';

type AnyPollTrigger = Readonly<PollTriggerDefinition<z.ZodType, unknown, unknown>>;

export interface PollRunDeps {
  db: Kysely<Schema>;
  queue: Queue;
  services: ConnectorServices;
  cursors: CursorsRepository;
  reconcile: ReconcileOptions;
  now: () => number;
  /** Poll triggers by full key, in place of the registered ones (tests use small pages). */
  triggers?: Record<string, AnyPollTrigger>;
}

/** What the cursors table keeps per connection and poll: the trigger's own cursor and the last run. */
export interface StoredPoll<Cursor = unknown> {
  cursor: Cursor;
  ranAt: number;
}

export interface PollRunReport {
  events: number;
  stored: number;
}

/**
 * One run of a poll trigger (or of reconciliation) on one connection: the stored cursor in, the
 * events stored in the inbox (each once, each with its job), then the new cursor saved. A crash
 * in between repeats the run's events on the next run, and the inbox drops the repeats.
 */
export async function runPollOnce(
  deps: PollRunDeps,
  connection: Connection,
  trigger: string,
  signal?: AbortSignal,
): Promise<PollRunReport> {
  const stored = await deps.cursors.get<StoredPoll>(connection.id, trigger);
  if (trigger === GHL_RECONCILE) return reconcile(deps, connection, stored, signal);

  const found = findTrigger(trigger);
  const definition = (deps.triggers?.[trigger] ?? found.trigger) as unknown as AnyPollTrigger;
  if (definition.kind !== 'poll') throw new TypeError(`${trigger} is not a polling trigger.`);
  const info = connectionInfo(connection);
  const client = found.connector.createClient({
    http: clientForConnection(deps.services, found.connector, connection),
    connection: info,
    links: deps.services.links,
  });
  const result = await definition.poll(
    {
      client,
      connection: info,
      log: deps.services.log,
      now: () => new Date(deps.now()),
      links: deps.services.links,
      ...(signal ? { signal } : {}),
    },
    stored?.cursor ?? null,
  );
  for (const event of result.events) {
    const checked = definition.output.safeParse(event.payload);
    if (!checked.success) {
      deps.services.log.warn(
        { trigger, event: event.id, issue: checked.error.issues[0]?.message },
        'polled event does not match the trigger output; stored as received',
      );
    }
  }
  // Flows match a poll trigger's events by the trigger's key (see flows/matching.ts).
  const { stored: added } = await ingestEvents(
    deps,
    result.events.map((event) => ({
      source: found.connector.key,
      connectionId: connection.id,
      eventType: definition.key,
      dedupeKey: event.id,
      payload: event.payload,
    })),
  );
  await deps.cursors.set(connection.id, trigger, {
    cursor: result.cursor,
    ranAt: deps.now(),
  } satisfies StoredPoll);
  return { events: result.events.length, stored: added.length };
}

async function reconcile(
  deps: PollRunDeps,
  connection: Connection,
  stored: StoredPoll | null,
  signal?: AbortSignal,
): Promise<PollRunReport> {
  const connector = getConnector('ghl');
  const locationId = connection.meta.locationId;
  if (typeof locationId !== 'string')
    throw new TypeError(`Connection "${connection.name}" has no GHL location id.`);
  const client = connector.createClient({
    http: clientForConnection(deps.services, connector, connection),
    connection: connectionInfo(connection),
    links: deps.services.links,
  }) as GhlClient;
  const report = await reconcileLocation(
    {
      ...deps,
      client,
      connectionId: connection.id,
      locationId,
      log: deps.services.log,
      ...(signal ? { signal } : {}),
    },
    (stored?.cursor as ReconcileCursor | undefined) ?? null,
    deps.reconcile,
  );
  await deps.cursors.set(connection.id, GHL_RECONCILE, {
    cursor: report.cursor,
    ranAt: deps.now(),
  } satisfies StoredPoll);
  return { events: report.stored, stored: report.stored };
}
