import { z } from 'zod';
import { defineAction } from '../../../kernel/define.ts';
import type { BridgeClient } from '../client.ts';

export const recordRef = z.object({
  connection: z.string().min(1).describe('Connection name or id of the app the record lives in'),
  entity: z.string().min(1).describe('Kind of record, e.g. contact, task, ticket'),
  id: z.string().min(1).describe("The record's id in that app"),
});

const linkInput = z.object({ from: recordRef, to: recordRef });
const linkOutput = z.object({ linked: z.literal(true) });

export const linkRecords = defineAction<typeof linkInput, typeof linkOutput, BridgeClient>({
  key: 'link-records',
  title: 'Remember that two records are the same',
  description:
    'Stores in the identity map that a record in one app stands for a record in another (e.g. a Gleap ticket and the GHL task made from it), so later flows can find one from the other. Linking twice changes nothing.',
  scopes: [],
  idempotent: true,
  input: linkInput,
  output: linkOutput,
  async run(ctx, input) {
    await ctx.client.links.link(input.from, input.to);
    return { linked: true as const };
  },
});
