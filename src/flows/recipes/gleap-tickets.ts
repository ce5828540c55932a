import { hasText, inDays, literal, present, type Recipe, recordRef } from './types.ts';

const createdDescription =
  'A new Gleap ticket becomes a GHL task, due tomorrow, on the contact who submitted it (found by email, or created). The ticket and the task are linked so later changes reach the same task.';

export const gleapTicketToGhlTask: Recipe = {
  key: 'gleap-ticket-to-ghl-task',
  title: 'Gleap ticket → GHL task',
  description: createdDescription,
  apps: ['gleap', 'ghl'],
  flow: (c) => ({
    trigger: { event: 'gleap.ticket-created', connection: c.gleap },
    filter: hasText('trigger.data.session.email'),
    steps: [
      {
        key: 'contact',
        action: 'ghl.find-or-create-contact',
        connection: c.ghl,
        input: { email: 'trigger.data.session.email', name: present('trigger.data.session.name') },
      },
      {
        key: 'task',
        action: 'ghl.create-task',
        connection: c.ghl,
        input: {
          contactId: 'steps.contact.contact.id',
          title: `${literal('Gleap: ')} & trigger.data.title`,
          body: present('trigger.data.formData.description'),
          dueDate: inDays(1),
        },
      },
      {
        key: 'link',
        action: 'bridge.link-records',
        connection: 'bridge',
        input: {
          from: recordRef(c.gleap, 'ticket', 'trigger.data.id'),
          to: recordRef(c.ghl, 'task', 'steps.task.task.id'),
        },
      },
    ],
  }),
};

const CLOSED = '["DONE", "CLOSED", "RESOLVED", "ARCHIVED"]';
const updatedDescription =
  "When a Gleap ticket changes, its GHL task follows: closed (DONE) marks the task completed; any other change updates the task's title.";

export const gleapTicketUpdatedToGhlTask: Recipe = {
  key: 'gleap-ticket-updated-to-ghl-task',
  title: 'Gleap ticket updated or closed → GHL task',
  description: updatedDescription,
  apps: ['gleap', 'ghl'],
  flow: (c) => ({
    trigger: { event: 'gleap.ticket-updated', connection: c.gleap },
    filter: hasText('trigger.data.session.email'),
    steps: [
      {
        key: 'task',
        action: 'bridge.find-linked-record',
        connection: 'bridge',
        input: {
          from: recordRef(c.gleap, 'ticket', 'trigger.data.id'),
          toConnection: literal(c.ghl),
          toEntity: literal('task'),
        },
      },
      {
        key: 'contact',
        action: 'ghl.find-or-create-contact',
        connection: c.ghl,
        when: 'steps.task.found = true',
        input: { email: 'trigger.data.session.email' },
      },
      {
        key: 'complete',
        action: 'ghl.update-task-completed',
        connection: c.ghl,
        when: `steps.task.found = true and trigger.data.status in ${CLOSED}`,
        input: { contactId: 'steps.contact.contact.id', taskId: 'steps.task.id', completed: true },
      },
      {
        key: 'update',
        action: 'ghl.update-task',
        connection: c.ghl,
        when: `steps.task.found = true and $not(trigger.data.status in ${CLOSED})`,
        input: {
          contactId: 'steps.contact.contact.id',
          taskId: 'steps.task.id',
          title: `${literal('Gleap: ')} & trigger.data.title`,
        },
      },
    ],
  }),
};
