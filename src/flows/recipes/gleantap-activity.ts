import { hasText, literal, present, type Recipe, recordRef } from './types.ts';

/**
 * Gleantap event types that stand for something a person should do. Gleantap has no fixed list
 * (each integration sends its own `event_type`), so this is the recipe's filter, to be edited
 * once installed: a missed class or a requested call back is work for the front desk; visits,
 * purchases and the bridge's own `ghl_*` events are not (the latter would also echo back).
 */
export const TASK_EVENT_TYPES = ['task', 'follow_up', 'call_back', 'missed_class'];

const activityDescription = `A Gleantap event that stands for a task (event_type ${TASK_EVENT_TYPES.join(', ')}) becomes a GHL task on the customer's contact (found by email or phone, or created), titled after the event and due on its date, or tomorrow when it has none or it is past.`;

// The event's day at noon UTC when it is a date from today on; otherwise tomorrow.
const dueDate = `(
  $day := $type(trigger.event_date) = "string" ? $substring(trigger.event_date, 0, 10) : "";
  $contains($day, /^\\d{4}-\\d{2}-\\d{2}$/) and $day >= $substring($now(), 0, 10)
    ? $day & "T12:00:00Z"
    : $fromMillis($millis() + 86400000)
)`;

export const gleantapActivityToGhlTask: Recipe = {
  key: 'gleantap-activity-to-ghl-task',
  title: 'Gleantap activity → GHL task',
  description: activityDescription,
  apps: ['gleantap', 'ghl'],
  flow: (c) => ({
    trigger: { event: 'gleantap.new-customer-event', connection: c.gleantap },
    filter: `trigger.event_type in ${JSON.stringify(TASK_EVENT_TYPES)} and (${hasText('trigger.customer.email')} or ${hasText('trigger.customer.phone')})`,
    steps: [
      {
        key: 'contact',
        action: 'ghl.find-or-create-contact',
        connection: c.ghl,
        input: {
          email: present('trigger.customer.email'),
          phone: present('trigger.customer.phone'),
          firstName: present('trigger.customer.firstname'),
          lastName: present('trigger.customer.lastname'),
        },
      },
      {
        key: 'task',
        action: 'ghl.create-task',
        connection: c.ghl,
        input: {
          contactId: 'steps.contact.contact.id',
          title: `${literal('Gleantap: ')} & (${hasText('trigger.event_name')} ? trigger.event_name : trigger.event_type)`,
          body: `${literal('Gleantap event ')} & trigger.event_type & ${literal(' of ')} & trigger.event_date`,
          dueDate,
        },
      },
      {
        // The customer is linked like the Gleantap → GHL recipes do, so its removal is followed too.
        key: 'link',
        action: 'bridge.link-records',
        connection: 'bridge',
        input: {
          from: recordRef(c.gleantap, 'customer', 'trigger.customer.id'),
          to: recordRef(c.ghl, 'contact', 'steps.contact.contact.id'),
        },
      },
    ],
  }),
};

const removedDescription =
  'When a Gleantap customer that was synced to GHL is removed (or merged into another), the GHL contact it was linked to is deleted. Only linked customers are watched; the GHL contact is found through the identity map, never by email.';

export const gleantapRemovedCustomerToGhl: Recipe = {
  key: 'gleantap-removed-customer-to-ghl',
  title: 'Gleantap customer removed → delete the GHL contact',
  description: removedDescription,
  apps: ['gleantap', 'ghl'],
  flow: (c) => ({
    trigger: { event: 'gleantap.removed-customer', connection: c.gleantap },
    steps: [
      {
        key: 'contact',
        action: 'bridge.find-linked-record',
        connection: 'bridge',
        input: {
          from: recordRef(c.gleantap, 'customer', 'trigger.id'),
          toConnection: literal(c.ghl),
          toEntity: literal('contact'),
        },
      },
      {
        key: 'delete',
        action: 'ghl.delete-contact',
        connection: c.ghl,
        when: 'steps.contact.found = true',
        input: { contactId: 'steps.contact.id' },
      },
    ],
  }),
};
