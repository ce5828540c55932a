import type { FastifyInstance } from 'fastify';
import {
  confirmSmsOptIn,
  type Identity,
  mergeContacts,
  removeContact,
  requestSmsOptIn,
  upsertContact,
} from './customers.ts';
import { recordEvent } from './events.ts';
import { operation } from './http.ts';
import { type CustomerQuery, getCustomers, optedInCustomers, optedOutCustomers } from './lists.ts';
import { customerMember, optinMember, optoutMember } from './render.ts';
import { sendOptInConfirmation, sendSmsNotification } from './sms.ts';
import type { GleantapSchemas } from './spec.ts';
import type { GleantapStore } from './store.ts';

type SmsBody = Parameters<typeof sendSmsNotification>[2];

export interface GleantapRouteOptions {
  /** Confirm SMS opt-ins at once instead of waiting for the contact's reply (default false). */
  autoConfirmOptIn: boolean;
}

/** The nine documented External API methods, at their real paths. */
export function registerGleantapRoutes(
  app: FastifyInstance,
  store: GleantapStore,
  schemas: GleantapSchemas,
  options: GleantapRouteOptions,
): void {
  operation(app, schemas, 'getCustomers', (account, body) => {
    const query = body as CustomerQuery & { fulldata?: boolean; events?: boolean };
    const render = {
      fulldata: query.fulldata === true,
      events: query.events === true,
      ...(query.event_since_date && { eventSince: query.event_since_date }),
    };
    return {
      members: getCustomers(account, query).map((customer) => customerMember(account, customer, render)),
    };
  });

  operation(app, schemas, 'getOptinCustomers', (account, body) => ({
    members: optedInCustomers(account, body).map(optinMember),
  }));

  operation(app, schemas, 'getOptoutCustomers', (account, body) => ({
    members: optedOutCustomers(account, body).map(optoutMember),
  }));

  operation(app, schemas, 'newContact', (account, body) => {
    const { customer } = upsertContact(store, account, body);
    return { status: 'success', _id: customer.id };
  });

  operation(app, schemas, 'removeContact', (account, body) => {
    removeContact(account, String(body['id']));
    return { result: 'success' };
  });

  operation(app, schemas, 'mergeContacts', (account, body) => {
    mergeContacts(store, account, String(body['from_contact']), String(body['to_contact']));
    return { status: true, message: 'Contacts merged successfully' };
  });

  operation(app, schemas, 'optin', (account, body) => {
    const customer = requestSmsOptIn(store, account, body as Identity & { dob?: string });
    if (options.autoConfirmOptIn) confirmSmsOptIn(store, account, customer.id);
    else if (customer.sms_optin === 'pending') sendOptInConfirmation(store, account, customer);
    return { status: 'success' };
  });

  operation(app, schemas, 'newEvent', (account, body) => {
    recordEvent(store, account, body);
    return { result: 'success' };
  });

  operation(app, schemas, 'sendSmsNotification', (account, body) => {
    const sms = sendSmsNotification(store, account, body as unknown as SmsBody);
    return {
      status: true,
      message: 'SMS sent successfully',
      phone: sms.to,
      from: sms.from,
      service_type: 'twilio',
      service_message_id: sms.service_message_id,
    };
  });
}
