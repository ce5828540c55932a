import { z } from 'zod';
import { defineTrigger, type PollTriggerDefinition, type TriggerEvent } from '../../../kernel/define.ts';
import { ConfigError } from '../../../kernel/errors.ts';
import type { GleantapClient } from '../client.ts';
import type { Member } from '../schemas.ts';

/**
 * Gleantap keeps no record of removals, so the only way to notice one is to ask for a customer
 * that used to exist. The customers worth asking about are those the bridge linked to another
 * app (the identity map, entity `customer` on this connection): each poll checks the next batch
 * of them by `_id`, in id order, and starts over after the last, so every linked customer is
 * checked once per round. A customer found missing is emitted once and remembered while it stays
 * in the identity map, so it is not checked (or emitted) again.
 *
 * Deleting a GHL contact on a false "missing" would be costly, so only an empty answer counts:
 * an answer that lists other customers means the `_id` filter was not applied, and is an error.
 */
export interface RemovedCustomerCursor {
  /** The last id checked in the current round; absent at the start of a round. */
  after?: string | undefined;
  /** Customers found missing (and emitted, unless learning) that are still in the identity map. */
  gone: string[];
  /** Missing customers found in this round so far, to replace `gone` when it ends. */
  goneThisRound: string[];
  /** The first round only learns which linked customers are already gone. */
  learning?: boolean;
}

export const removedCustomer = z.object({
  id: z.string().min(1).describe('Gleantap id of the customer that no longer exists'),
  entity: z.literal('customer'),
});

/** 25 look-ups a minute: 2.5% of the account's 1,000 requests per minute. */
const BATCH = 25;

export const removedCustomerTrigger = Object.freeze({
  key: 'removed-customer',
  kind: 'poll',
  title: 'Removed customer',
  description:
    'A Gleantap customer that the bridge had linked to a record in another app (e.g. by the Gleantap → GHL recipes) no longer exists (removed or merged into another). Gleantap keeps no record of removals and sends no webhooks: ghl-bridge checks the linked customers by id, 25 a minute in turn, and delivers each removal once. Customers never linked are not watched; those already gone when the trigger is switched on are not delivered.',
  scopes: [],
  intervalSeconds: 60,
  output: removedCustomer,
  sample: { id: '66d4a1b2c3d4e5f600000042', entity: 'customer' },
  async poll(ctx, cursor) {
    if (!ctx.links) {
      throw new ConfigError(
        [
          {
            setting: 'gleantap.removed-customer',
            problem: 'needs the identity map, which this runner does not give',
          },
        ],
        'Run it through the polling runner of the bridge.',
      );
    }
    const state: RemovedCustomerCursor = cursor ?? { gone: [], goneThisRound: [], learning: true };
    const ids = await ctx.links.linkedIds(ctx.connection.id, 'customer', {
      after: state.after,
      limit: BATCH,
    });
    const known = new Set(state.gone);
    const events: TriggerEvent[] = [];
    const goneThisRound = [...state.goneThisRound];
    for (const id of ids) {
      if (known.has(id)) {
        goneThisRound.push(id);
        continue;
      }
      if (await exists(ctx.client, id, ctx.signal)) continue;
      goneThisRound.push(id);
      known.add(id);
      if (!state.learning) {
        events.push({
          id: `removed-customer:${id}`,
          type: 'customer.removed',
          occurredAt: ctx.now().toISOString(),
          payload: { id, entity: 'customer' },
        });
      }
    }
    if (ids.length === BATCH) {
      return {
        events,
        cursor: { ...state, after: ids.at(-1), gone: [...known], goneThisRound },
      };
    }
    // Round over: `gone` keeps only what this round still found linked, which bounds it.
    return { events, cursor: { gone: goneThisRound, goneThisRound: [] } };
  },
} satisfies PollTriggerDefinition<typeof removedCustomer, GleantapClient, RemovedCustomerCursor>);

defineTrigger(removedCustomerTrigger);

async function exists(client: GleantapClient, id: string, signal: AbortSignal | undefined): Promise<boolean> {
  const data = await client.call<{ members?: Member[] }>(
    'getCustomers',
    { _id: id, limit: 1 },
    { idempotent: true, signal },
  );
  const members = data.members ?? [];
  if (members.length === 0) return false;
  if (members.some((member) => member.id === id)) return true;
  throw new Error(
    `Gleantap answered getCustomers with _id ${id} with other customers: the _id filter seems ignored, so removals cannot be told apart. Nothing was emitted.`,
  );
}
