import { z } from 'zod';
import { defineAction } from '../../../kernel/define.ts';
import type { BridgeClient } from '../client.ts';
import { recordRef } from './link-records.ts';

const input = z.object({
  from: recordRef,
  toConnection: z.string().min(1).describe('Connection of the app to look in'),
  toEntity: z.string().min(1).describe('Kind of record to find there'),
});
const output = z.object({ found: z.boolean(), id: z.string().nullable() });

export const findLinkedRecord = defineAction<typeof input, typeof output, BridgeClient>({
  key: 'find-linked-record',
  title: 'Find the linked record in another app',
  description:
    'Looks up the identity map: the id of the record in another app that stands for this one (e.g. the GHL task made from a Gleap ticket). `found` is false when they were never linked.',
  scopes: [],
  idempotent: true,
  input,
  output,
  async run(ctx, { from, toConnection, toEntity }) {
    const id = await ctx.client.links.find(from, toConnection, toEntity);
    return { found: id !== undefined, id: id ?? null };
  },
});
