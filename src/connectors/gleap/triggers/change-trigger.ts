import type { z } from 'zod';
import { defineTrigger, type PollTriggerDefinition, type TriggerEvent } from '../../../kernel/define.ts';
import type { GleapClient } from '../client.ts';
import type { Contact, Ticket } from '../schemas.ts';
import { type ChangeCursor, type ChangeFeed, type ChangeScanOptions, scanChanges } from './change-scan.ts';
import { contactEnvelope, contactSample, ticketEnvelope, ticketSample } from './envelope.ts';

export interface ChangeTriggerOptions extends Partial<ChangeScanOptions> {
  key: string;
  title: string;
  description: string;
  resource: 'contact' | 'ticket';
  change: 'created' | 'updated';
  intervalSeconds?: number;
}

/** Gleap answers at most 1,000 per page; 200 keeps one poll's answers small. */
export const GLEAP_POLL_DEFAULTS: ChangeScanOptions = { pageSize: 200, maxPages: 25, overlapMs: 60_000 };

type GleapRecord = Contact | Ticket;

/**
 * A polling trigger over `GET /sessions` or `GET /tickets`, filtered and sorted on `createdAt`
 * (new records) or `updatedAt` (changed ones). Event ids are `<trigger key>:<id>` for a new
 * record and `<trigger key>:<id>:<updatedAt>` for a change, so each change is stored once.
 * "Updated" skips a record whose only change is its creation (updatedAt = createdAt).
 */
export function gleapChangeTrigger(options: ChangeTriggerOptions) {
  const scan: ChangeScanOptions = { ...GLEAP_POLL_DEFAULTS, ...options };
  const field = options.change === 'created' ? 'createdAt' : 'updatedAt';
  const eventType = `${options.resource}.${options.change}`;
  const output: z.ZodType = options.resource === 'ticket' ? ticketEnvelope : contactEnvelope;
  const definition: PollTriggerDefinition<z.ZodType, GleapClient, ChangeCursor> = {
    key: options.key,
    kind: 'poll',
    title: options.title,
    description: options.description,
    scopes: [],
    intervalSeconds: options.intervalSeconds ?? 60,
    output,
    sample: { ...(options.resource === 'ticket' ? ticketSample : contactSample), event: eventType },
    async poll(ctx, cursor) {
      const feed = feedOf(ctx.client, options.resource, field, ctx.signal);
      const { fresh, cursor: next } = await scanChanges(feed, cursor, ctx.now(), scan);
      const events: TriggerEvent[] = [];
      for (const record of fresh) {
        if (options.change === 'updated' && record.updatedAt === record.createdAt) continue;
        const stamp = String(record[field]);
        events.push({
          id:
            options.change === 'created'
              ? `${options.key}:${record._id}`
              : `${options.key}:${record._id}:${stamp}`,
          type: eventType,
          occurredAt: stamp,
          payload: { event: eventType, projectId: ctx.client.projectId, data: record },
        });
      }
      return { events, cursor: next };
    },
  };
  // The kernel's TriggerDefinition erases the client and cursor types (`never`); callers keep them.
  defineTrigger(definition);
  return Object.freeze(definition);
}

function feedOf(
  client: GleapClient,
  resource: 'contact' | 'ticket',
  field: 'createdAt' | 'updatedAt',
  signal: AbortSignal | undefined,
): ChangeFeed<GleapRecord> {
  return {
    async read(from, skip, limit) {
      const query = { [`${field}>`]: from, sort: field, limit, skip };
      if (resource === 'contact') return client.get<Contact[]>('/sessions', { query, signal });
      const page = await client.get<{ tickets: Ticket[] }>('/tickets', { query, signal });
      return page.tickets;
    },
    idOf: (record) => record._id,
    stampOf: (record) => (typeof record[field] === 'string' ? (record[field] as string) : undefined),
  };
}

/** A typed poll trigger as the kernel's list type, which erases its client and cursor types. */
export function listed(trigger: Readonly<PollTriggerDefinition<z.ZodType, GleapClient, ChangeCursor>>) {
  return trigger;
}
