import { z } from 'zod';
import { defineGleantapAction } from '../define-gleantap-action.ts';
import { optinMember, page, pageOutput, paging } from '../schemas.ts';

export const getOptedInCustomers = defineGleantapAction({
  key: 'get-opted-in-customers',
  title: 'Get opted-in customers',
  description: 'One page of the customers who confirmed the SMS opt-in, with the date they did.',
  idempotent: true,
  input: z.object(paging),
  output: pageOutput(optinMember),
  async run(ctx, input) {
    const data = await ctx.client.call<{ members?: z.infer<typeof optinMember>[] }>(
      'getOptinCustomers',
      input,
      {
        idempotent: true,
        signal: ctx.signal,
      },
    );
    return page(data.members ?? [], input);
  },
});
