import { z } from 'zod';
import { defineGleantapAction } from '../define-gleantap-action.ts';
import { optoutMember, page, pageOutput, paging } from '../schemas.ts';

export const getOptedOutCustomers = defineGleantapAction({
  key: 'get-opted-out-customers',
  title: 'Get opted-out customers',
  description: 'One page of the customers who opted out of email or SMS (or only one channel, with `type`).',
  idempotent: true,
  input: z.object({ type: z.enum(['email', 'sms']).optional(), ...paging }),
  output: pageOutput(optoutMember),
  async run(ctx, input) {
    const data = await ctx.client.call<{ members?: z.infer<typeof optoutMember>[] }>(
      'getOptoutCustomers',
      input,
      {
        idempotent: true,
        signal: ctx.signal,
      },
    );
    return page(data.members ?? [], input);
  },
});
