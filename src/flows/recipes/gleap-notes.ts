import { hasText, literal, present, type Recipe } from './types.ts';

const description =
  "An internal note written on a Gleap ticket is copied as a note on the GHL contact of the ticket's submitter (found by email, or created), prefixed with the ticket's title.";

export const gleapTicketNoteToGhlNote: Recipe = {
  key: 'gleap-ticket-note-to-ghl-note',
  title: 'Gleap internal note → GHL note',
  description,
  apps: ['gleap', 'ghl'],
  flow: (c) => ({
    trigger: { event: 'gleap.new-ticket-note', connection: c.gleap },
    filter: `${hasText('trigger.data.ticket.session.email')} and ${hasText('trigger.data.text')}`,
    steps: [
      {
        key: 'contact',
        action: 'ghl.find-or-create-contact',
        connection: c.ghl,
        input: {
          email: 'trigger.data.ticket.session.email',
          name: present('trigger.data.ticket.session.name'),
        },
      },
      {
        key: 'note',
        action: 'ghl.create-note',
        connection: c.ghl,
        input: {
          contactId: 'steps.contact.contact.id',
          body: `${literal('Gleap ticket "')} & (${hasText('trigger.data.ticket.title')} ? trigger.data.ticket.title : ${literal('(untitled)')}) & ${literal('": ')} & trigger.data.text`,
        },
      },
    ],
  }),
};
