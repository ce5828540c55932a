import { hasText, literal, present, type Recipe, recordRef } from './types.ts';

const ghlContactToGleapDescription =
  'A contact created in GHL is created in Gleap too (found by email first, so an existing Gleap contact is reused), with the GHL contact id as its Gleap user id.';

export const ghlContactToGleap: Recipe = {
  key: 'ghl-contact-to-gleap',
  title: 'GHL contact → Gleap contact',
  description: ghlContactToGleapDescription,
  apps: ['ghl', 'gleap'],
  flow: (c) => ({
    trigger: { event: 'ghl.contact-created', connection: c.ghl },
    filter: hasText('trigger.email'),
    steps: [
      {
        key: 'contact',
        action: 'gleap.find-or-create-contact',
        connection: c.gleap,
        input: {
          email: 'trigger.email',
          name: present('trigger.name'),
          phone: present('trigger.phone'),
          userId: 'trigger.id',
        },
      },
      {
        key: 'link',
        action: 'bridge.link-records',
        connection: 'bridge',
        input: {
          from: recordRef(c.ghl, 'contact', 'trigger.id'),
          to: recordRef(c.gleap, 'contact', 'steps.contact.contact.id'),
        },
      },
    ],
  }),
};

const ghlUpdatedToGleapDescription =
  "When a GHL contact's name, email or phone changes, the Gleap contact is updated (and created first if it does not exist yet).";

export const ghlContactUpdatedToGleap: Recipe = {
  key: 'ghl-contact-updated-to-gleap',
  title: 'Updated GHL contact → Gleap contact',
  description: ghlUpdatedToGleapDescription,
  apps: ['ghl', 'gleap'],
  flow: (c) => ({
    trigger: { event: 'ghl.contact-updated', connection: c.ghl },
    filter: hasText('trigger.email'),
    steps: [
      {
        key: 'contact',
        action: 'gleap.find-or-create-contact',
        connection: c.gleap,
        input: { email: 'trigger.email', name: present('trigger.name'), userId: 'trigger.id' },
      },
      {
        key: 'update',
        action: 'gleap.update-contact',
        connection: c.gleap,
        input: {
          contactId: 'steps.contact.contact.id',
          email: 'trigger.email',
          name: present('trigger.name'),
          phone: present('trigger.phone'),
        },
      },
    ],
  }),
};

const gleapContactDescription =
  'A contact created in Gleap is created or updated in GHL, matched on email or phone so no duplicate is made. A Gleap contact that the bridge itself made from a GHL contact (they are linked) is not sent back: that would be an echo carrying older data.';

export const gleapContactToGhl: Recipe = {
  key: 'gleap-contact-to-ghl',
  title: 'Gleap contact → GHL contact',
  description: gleapContactDescription,
  apps: ['gleap', 'ghl'],
  flow: (c) => ({
    trigger: { event: 'gleap.new-contact', connection: c.gleap },
    filter: `${hasText('trigger.data.email')} or ${hasText('trigger.data.phone')}`,
    steps: [
      {
        key: 'known',
        action: 'bridge.find-linked-record',
        connection: 'bridge',
        input: {
          from: recordRef(c.gleap, 'contact', 'trigger.data.id'),
          toConnection: literal(c.ghl),
          toEntity: literal('contact'),
        },
      },
      {
        key: 'contact',
        action: 'ghl.upsert-contact',
        connection: c.ghl,
        when: 'steps.known.found = false',
        input: {
          email: present('trigger.data.email'),
          phone: present('trigger.data.phone'),
          name: present('trigger.data.name'),
          source: literal('gleap'),
        },
      },
      {
        key: 'link',
        action: 'bridge.link-records',
        connection: 'bridge',
        when: 'steps.known.found = false',
        input: {
          from: recordRef(c.gleap, 'contact', 'trigger.data.id'),
          to: recordRef(c.ghl, 'contact', 'steps.contact.contact.id'),
        },
      },
    ],
  }),
};

const submitterDescription =
  'Whoever submits a Gleap ticket (a form or a feedback) becomes a GHL contact: created, or updated when the email is known.';

export const gleapTicketSubmitterToGhl: Recipe = {
  key: 'gleap-ticket-submitter-to-ghl',
  title: 'Gleap ticket submitter → GHL contact',
  description: submitterDescription,
  apps: ['gleap', 'ghl'],
  flow: (c) => ({
    trigger: { event: 'gleap.ticket-created', connection: c.gleap },
    filter: hasText('trigger.data.session.email'),
    steps: [
      {
        key: 'contact',
        action: 'ghl.upsert-contact',
        connection: c.ghl,
        input: {
          email: 'trigger.data.session.email',
          name: present('trigger.data.session.name'),
          source: literal('gleap ticket'),
        },
      },
    ],
  }),
};
