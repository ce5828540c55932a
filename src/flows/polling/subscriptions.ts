import type { Kysely } from 'kysely';
import { isPrimaryForLocation } from '../../connectors/ghl/webhooks/match-connection.ts';
import { findTrigger } from '../../connectors/registry.ts';
import type { Connection, ConnectionsRepository } from '../../store/connections.ts';
import type { FlowsRepository } from '../../store/flows.ts';
import type { Schema } from '../../store/schema.ts';

/** The reconciliation poll's name beside the poll triggers (`ghl.new-contact`...). */
export const GHL_RECONCILE = 'ghl.reconcile';

/** One polling job to keep running: a poll trigger (or reconciliation) on one connection. */
export interface PollSubscription {
  connectionId: string;
  /** `connector.trigger`, or `ghl.reconcile`. */
  trigger: string;
  intervalSeconds: number;
}

export interface SubscriptionSources {
  db: Kysely<Schema>;
  flows: FlowsRepository;
  connections: ConnectionsRepository;
  /** 0: no reconciliation. */
  reconcileIntervalSeconds: number;
}

const polled = (c: Connection) => c.status !== 'disabled';

/**
 * What should be polling now: every poll trigger an enabled flow uses, on the flow's connection
 * (or every connection of that connector when the flow names none), and reconciliation on each
 * GHL location's primary connection (the one its webhooks are filed under). A disabled
 * connection polls nothing; one waiting to be re-authorized keeps its schedule (its jobs wait).
 */
export async function currentSubscriptions(sources: SubscriptionSources): Promise<PollSubscription[]> {
  const found = new Map<string, PollSubscription>();
  const add = (sub: PollSubscription) => found.set(`${sub.connectionId} ${sub.trigger}`, sub);
  for (const flow of await sources.flows.list({ enabledOnly: true })) {
    const trigger = flow.definition.trigger as { event?: unknown; connection?: unknown } | undefined;
    if (typeof trigger?.event !== 'string') continue;
    let definition: ReturnType<typeof findTrigger>;
    try {
      definition = findTrigger(trigger.event);
    } catch {
      continue;
    }
    if (definition.trigger.kind !== 'poll') continue;
    const named =
      typeof trigger.connection === 'string' ? await sources.connections.find(trigger.connection) : undefined;
    const targets = named ? [named] : await sources.connections.list(definition.connector.key);
    for (const connection of targets.filter(polled)) {
      if (connection.connector !== definition.connector.key) continue;
      add({
        connectionId: connection.id,
        trigger: trigger.event,
        intervalSeconds: pollIntervalOf(connection.meta, definition.trigger.intervalSeconds),
      });
    }
  }
  if (sources.reconcileIntervalSeconds > 0) {
    for (const connection of (await sources.connections.list('ghl')).filter(polled)) {
      if (!(await isPrimaryForLocation(sources.db, connection))) continue;
      add({
        connectionId: connection.id,
        trigger: GHL_RECONCILE,
        intervalSeconds: sources.reconcileIntervalSeconds,
      });
    }
  }
  return [...found.values()];
}

/**
 * A connection may poll more often than its triggers' default (`meta.pollIntervalSeconds`):
 * the demo's sandbox connections poll every second, since the sandbox has no rate limit worth saving.
 */
function pollIntervalOf(meta: Record<string, unknown>, fallback: number): number {
  const override = Number(meta.pollIntervalSeconds);
  return Number.isFinite(override) && override > 0 ? override : fallback;
}
