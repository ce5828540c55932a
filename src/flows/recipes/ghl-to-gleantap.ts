import { hasText, literal, present, type Recipe, type RecipeConnections, today } from './types.ts';

/**
 * The Gleantap customer is looked up by the GHL contact's email (or phone when it has no email);
 * the event is placed on that customer's timeline only when one exists — GHL contacts are not
 * pushed into Gleantap as customers by these recipes.
 */
const contactReachable = `${hasText('steps.contact.contact.email')} or ${hasText('steps.contact.contact.phone')}`;
const customerFound = '$count(steps.customer.members) > 0';

function customerLookup(connection: string) {
  return {
    key: 'customer',
    action: 'gleantap.get-customers',
    connection,
    when: contactReachable,
    input: {
      email: present('steps.contact.contact.email'),
      phone: `$not(${hasText('steps.contact.contact.email')}) ? ${present('steps.contact.contact.phone')}`,
      limit: 1,
    },
  };
}

function eventInput(eventType: string, eventName: string, data: string) {
  return {
    eventId: `${literal(`${eventType}-`)} & trigger.id`,
    user_id: 'steps.contact.contact.id',
    contactId: 'steps.customer.members[0].id',
    event_type: literal(eventType),
    event_name: eventName,
    event_date: today,
    event_data: data,
  };
}

/**
 * The three steps every GHL → Gleantap timeline recipe runs: read the GHL contact (the action
 * decides how much: one contact or a whole snapshot), find the Gleantap customer, then put the
 * event on their timeline when there is one.
 */
function toCustomerTimeline(
  c: RecipeConnections,
  contact: { action: string; contactId: string },
  event: Record<string, unknown>,
) {
  return [
    { key: 'contact', action: contact.action, connection: c.ghl, input: { contactId: contact.contactId } },
    customerLookup(c.gleantap),
    {
      key: 'event',
      action: 'gleantap.create-event',
      connection: c.gleantap,
      when: customerFound,
      input: event,
    },
  ];
}

function taskToEvent(
  key: string,
  trigger: 'task-created' | 'task-completed',
  eventType: string,
  title: string,
): Recipe {
  const description = `${title}: the task lands on the Gleantap customer's timeline as a "${eventType}" event, so Gleantap campaigns can react to it. Gleantap's public API has no tasks; events are what it offers.`;
  return {
    key,
    title,
    description,
    apps: ['ghl', 'gleantap'],
    flow: (c) => ({
      trigger: { event: `ghl.${trigger}`, connection: c.ghl },
      steps: toCustomerTimeline(
        c,
        { action: 'ghl.get-contact', contactId: 'trigger.contactId' },
        eventInput(
          eventType,
          'trigger.title',
          '{ "title": trigger.title, "due": trigger.dueDate, "details": trigger.body }',
        ),
      ),
    }),
  };
}

export const ghlTaskCreatedToGleantap = taskToEvent(
  'ghl-task-created-to-gleantap',
  'task-created',
  'ghl_task_created',
  'GHL task created → Gleantap event',
);

export const ghlTaskCompletedToGleantap = taskToEvent(
  'ghl-task-completed-to-gleantap',
  'task-completed',
  'ghl_task_completed',
  'GHL task completed → Gleantap event',
);

const noteDescription =
  "A note written on a GHL contact is attached to the Gleantap customer's profile as a \"ghl_note\" event holding the note's text. Gleantap's public API has no notes; events are what it offers.";

export const ghlNoteToGleantap: Recipe = {
  key: 'ghl-note-to-gleantap',
  title: 'GHL note → Gleantap customer profile',
  description: noteDescription,
  apps: ['ghl', 'gleantap'],
  flow: (c) => ({
    trigger: { event: 'ghl.note-created', connection: c.ghl },
    steps: toCustomerTimeline(
      c,
      { action: 'ghl.get-contact', contactId: 'trigger.contactId' },
      eventInput('ghl_note', literal('Note from GHL'), '{ "note": trigger.body }'),
    ),
  }),
};

const snapshotDescription =
  'Whenever a GHL contact changes, Gleantap gets one view of it: a "ghl_contact_snapshot" event with the contact\'s tags, open and total tasks, note count and latest note.';

export const ghlSnapshotToGleantap: Recipe = {
  key: 'ghl-snapshot-to-gleantap',
  title: 'GHL contact snapshot → Gleantap',
  description: snapshotDescription,
  apps: ['ghl', 'gleantap'],
  flow: (c) => ({
    trigger: { event: 'ghl.contact-updated', connection: c.ghl },
    steps: toCustomerTimeline(
      c,
      { action: 'ghl.contact-snapshot', contactId: 'trigger.id' },
      {
        ...eventInput(
          'ghl_contact_snapshot',
          literal('GHL contact snapshot'),
          '{ "tags": $join(steps.contact.contact.tags, ","), "open_tasks": $count(steps.contact.tasks[completed != true]), "tasks": $count(steps.contact.tasks), "notes": $count(steps.contact.notes), "latest_note": steps.contact.notes[0].body }',
        ),
        eventId: `${literal('ghl_contact_snapshot-')} & event.id`,
      },
    ),
  }),
};
