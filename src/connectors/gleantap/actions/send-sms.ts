import { z } from 'zod';
import { ApiError, OutcomeUnknownError } from '../../../kernel/errors.ts';
import { defineGleantapAction } from '../define-gleantap-action.ts';

export const sendSms = defineGleantapAction({
  key: 'send-sms',
  title: 'Send SMS',
  description:
    'Send an SMS through Gleantap (sendSmsNotification). A number that opted out (replied STOP) is refused. Not sent twice when the answer is lost.',
  idempotent: false,
  input: z.object({
    to_number: z
      .string()
      .regex(/^\+?[\d\s().-]{10,20}$/, 'a phone number with its country code, e.g. +15550100000')
      .describe('With country code'),
    message: z.string().trim().min(1).max(1600),
    contactId: z.string().min(1).optional().describe('Gleantap contact id (_id) of the recipient'),
    from_number: z.string().min(1).optional().describe("Sender; default: the account's number"),
  }),
  output: z.looseObject({
    status: z.boolean(),
    message: z.string().nullish(),
    phone: z.string().nullish(),
    from: z.string().nullish(),
    service_type: z.string().nullish(),
    service_message_id: z.string().nullish(),
  }),
  async run(ctx, { contactId, ...fields }) {
    try {
      return await ctx.client.call(
        'sendSmsNotification',
        { ...(contactId ? { _id: contactId } : {}), ...fields },
        {
          signal: ctx.signal,
        },
      );
    } catch (error) {
      throw definiteFailure(error) ?? error;
    }
  },
});

/**
 * A 500 "SMS sending failed" is documented as the SMS not being sent (e.g. the number replied
 * STOP), so it is a plain refusal, not an outcome left unknown.
 */
function definiteFailure(error: unknown): ApiError | undefined {
  const cause = error instanceof OutcomeUnknownError ? error.cause : undefined;
  if (!(cause instanceof ApiError) || cause.status !== 500) return undefined;
  const message = (cause.body as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string' || !/sms sending failed/i.test(message)) return undefined;
  return new ApiError(cause.method, cause.url, cause.status, cause.body, {
    hint: 'The SMS was not sent; a number that replied STOP cannot be texted until it opts in again.',
  });
}
