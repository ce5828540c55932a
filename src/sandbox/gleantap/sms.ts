import { randomBytes } from 'node:crypto';
import { samePhone } from './customers.ts';
import { type GleantapAccount, type GleantapCustomer, GleantapError, type GleantapSms } from './model.ts';
import type { GleantapStore } from './store.ts';

/**
 * SMS go to an outbox the admin API shows; nothing leaves the machine. Like the Twilio
 * service behind Gleantap, a number that opted out (STOP) is not sent to: "SMS sending failed".
 */

const PHONE = /^\+?[1-9]\d{9,14}$/;

export function sendSmsNotification(
  store: GleantapStore,
  account: GleantapAccount,
  body: { to_number: string; message: string; from_number?: string; _id?: string },
): GleantapSms {
  const to = body.to_number.replace(/[\s().-]/g, '');
  if (!PHONE.test(to)) {
    throw new GleantapError(
      400,
      'Invalid request parameters: to_number must be a phone number with its country code.',
    );
  }
  if (body.message.trim() === '')
    throw new GleantapError(400, 'Invalid request parameters: message is empty.');
  let customer: GleantapCustomer | undefined;
  if (body._id) {
    customer = account.customers.get(body._id);
    if (!customer) throw new GleantapError(400, `Invalid request parameters: contact ${body._id} not found.`);
  }
  const recipient = customer ?? [...account.customers.values()].find((c) => samePhone(c.phone, to));
  if (recipient?.sms_optout === 1) {
    throw new GleantapError(500, 'SMS sending failed: the recipient has opted out of SMS (replied STOP).');
  }
  return record(store, account, {
    to,
    from: body.from_number ?? account.fromNumber,
    message: body.message,
    kind: 'notification',
    ...(recipient && { customer_id: recipient.id }),
  });
}

/** The double opt-in's confirmation request. */
export function sendOptInConfirmation(
  store: GleantapStore,
  account: GleantapAccount,
  customer: GleantapCustomer,
) {
  if (!customer.phone) return undefined;
  return record(store, account, {
    to: customer.phone,
    from: account.fromNumber,
    message: `${account.name}: reply YES to receive text messages from us. Msg & data rates may apply. Reply STOP to opt out.`,
    kind: 'optin_confirmation',
    customer_id: customer.id,
  });
}

function record(
  store: GleantapStore,
  account: GleantapAccount,
  sms: Omit<GleantapSms, 'service_message_id' | 'at'>,
) {
  const sent: GleantapSms = {
    ...sms,
    service_message_id: `SM${randomBytes(16).toString('hex')}`,
    at: store.now(),
  };
  account.sms.push(sent);
  return sent;
}
