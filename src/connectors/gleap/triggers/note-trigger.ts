import { z } from 'zod';
import { defineTrigger, type PollTriggerDefinition, type TriggerEvent } from '../../../kernel/define.ts';
import { type GleapClient, gleapPath } from '../client.ts';
import { unlessNotFound } from '../not-found.ts';
import { type Message, message, type Ticket, ticket } from '../schemas.ts';
import { type ChangeCursor, type ChangeFeed, scanChanges } from './change-scan.ts';
import { GLEAP_POLL_DEFAULTS } from './change-trigger.ts';

/**
 * Gleap sends no webhook for messages: a new note only makes the ticket's `ticket.updated`,
 * without the note. So internal notes are polled from `GET /messages?type=NOTE`, sorted and
 * filtered on `createdAt` with the same keyset scan, overlap and seen-set as the other Gleap
 * polls (each note once, none lost across pages, polls and restarts). Each note is delivered with
 * its ticket (title, status, submitter), read once per ticket and poll.
 */
export const ticketNoteEnvelope = z.looseObject({
  event: z.string(),
  projectId: z.string(),
  data: message.extend({
    text: z.string().describe('The note as plain text, one line per paragraph'),
    ticket: ticket,
  }),
});

const at = '2025-09-01T09:30:00.000Z';

export const newTicketNoteTrigger = Object.freeze({
  key: 'new-ticket-note',
  kind: 'poll',
  title: 'New internal note on a ticket',
  description:
    'A team member wrote an internal note on a Gleap ticket. Gleap sends no webhook for messages (only ticket.updated, without the note), so notes are polled every minute with an overlap window: each is delivered once, across restarts. `data` is the note with its plain `text` and its `ticket` (title, status, submitter in `ticket.session`).',
  scopes: [],
  intervalSeconds: 60,
  output: ticketNoteEnvelope,
  sample: {
    event: 'ticket.note.created',
    projectId: '65f0c0ffee00000000000001',
    data: {
      _id: '66d4a1b2c3d4e5f609876543',
      type: 'NOTE',
      isNote: true,
      text: 'Called her back; she wants the annual plan.',
      ticket: {
        _id: '66d4a1b2c3d4e5f601234567',
        title: 'Cannot log in',
        status: 'OPEN',
        session: { _id: '66d4a1b2c3d4e5f600000001', email: 'ada@example.com', name: 'Ada Lovelace' },
      },
      createdAt: at,
      updatedAt: at,
    },
  },
  async poll(ctx, cursor) {
    const { fresh, cursor: next } = await scanChanges(noteFeed(ctx.client, ctx.signal), cursor, ctx.now(), {
      ...GLEAP_POLL_DEFAULTS,
    });
    const tickets = new Map<string, Ticket | undefined>();
    const events: TriggerEvent[] = [];
    for (const note of fresh) {
      // Defensive: should the type filter be ignored, comments must not pass for notes.
      if (note.type !== 'NOTE' && note.isNote !== true) continue;
      const ticketId = idOf(note.ticket);
      if (!ticketId) continue;
      if (!tickets.has(ticketId)) {
        const read = () => ctx.client.get<Ticket>(gleapPath`/tickets/${ticketId}`, { signal: ctx.signal });
        tickets.set(ticketId, await unlessNotFound(read));
      }
      const owner = tickets.get(ticketId);
      if (!owner) {
        ctx.log.warn({ note: note._id, ticket: ticketId }, 'note of a deleted Gleap ticket skipped');
        continue;
      }
      events.push({
        id: `new-ticket-note:${note._id}`,
        type: 'ticket.note.created',
        occurredAt: note.createdAt ?? ctx.now().toISOString(),
        payload: {
          event: 'ticket.note.created',
          projectId: ctx.client.projectId,
          data: { ...note, text: plainText(note.comment), ticket: owner },
        },
      });
    }
    return { events, cursor: next };
  },
} satisfies PollTriggerDefinition<typeof ticketNoteEnvelope, GleapClient, ChangeCursor>);

defineTrigger(newTicketNoteTrigger);

function noteFeed(client: GleapClient, signal: AbortSignal | undefined): ChangeFeed<Message> {
  return {
    read: (from, skip, limit) =>
      client.get<Message[]>('/messages', {
        query: { type: 'NOTE', 'createdAt>': from, sort: 'createdAt', limit, skip },
        signal,
      }),
    idOf: (note) => note._id,
    stampOf: (note) => (typeof note.createdAt === 'string' ? note.createdAt : undefined),
  };
}

function idOf(reference: Message['ticket']): string | undefined {
  if (typeof reference === 'string') return reference || undefined;
  return reference?._id || undefined;
}

/** A TipTap document as text: paragraphs on their own lines (a plain string is kept as is). */
export function plainText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (!node || typeof node !== 'object') return '';
  const { text, content, type } = node as { text?: unknown; content?: unknown; type?: unknown };
  if (typeof text === 'string') return text;
  if (!Array.isArray(content)) return '';
  const parts = content.map(plainText);
  return type === 'doc' ? parts.join('\n') : parts.join('');
}
