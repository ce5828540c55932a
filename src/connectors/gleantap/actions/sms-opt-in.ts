import { z } from 'zod';
import { defineGleantapAction } from '../define-gleantap-action.ts';
import { day } from '../schemas.ts';

export const smsOptIn = defineGleantapAction({
  key: 'sms-opt-in',
  title: 'SMS opt-in (double opt-in)',
  description:
    'Send the contact Gleantap\'s double opt-in SMS; the contact is opted in once it replies YES (then it appears in "Get opted-in customers"). Under 18 (by dob) is refused. Each run sends another SMS.',
  idempotent: false,
  input: z.object({
    phone: z.string().min(1),
    email: z.email(),
    user_id: z.string().min(1).describe('Your own id for the contact'),
    dob: day.optional().describe('Date of birth, YYYY-MM-DD'),
  }),
  output: z.object({ status: z.string() }),
  async run(ctx, input) {
    const data = await ctx.client.call<{ status?: unknown }>('optin', input, { signal: ctx.signal });
    return { status: String(data.status) };
  },
});
