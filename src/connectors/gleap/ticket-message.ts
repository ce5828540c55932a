import { z } from 'zod';
import type { ActionContext } from '../../kernel/define.ts';
import type { GleapClient } from './client.ts';
import type { Message } from './schemas.ts';

export const ticketMessageInput = z.object({
  ticketId: z.string().min(1).describe('Gleap ticket id (_id)'),
  text: z.string().trim().min(1).describe('Plain text; each line becomes a paragraph'),
  authorId: z.string().min(1).optional().describe('Id of the team member who writes it (default: none)'),
});
type TicketMessageInput = z.output<typeof ticketMessageInput>;

/**
 * Posts a message on a ticket. The comment goes as a full TipTap document, the shape Gleap
 * answers with on reads, rather than a bare string or paragraph whose handling is unconfirmed.
 */
export async function postTicketMessage(
  ctx: Pick<ActionContext<GleapClient>, 'client' | 'signal'>,
  input: TicketMessageInput,
  kind: 'COMMENT' | 'NOTE',
): Promise<{ message: Message }> {
  const body = {
    ticket: input.ticketId,
    type: kind,
    isNote: kind === 'NOTE',
    bot: false,
    comment: tiptapDocument(input.text),
    ...(input.authorId ? { user: input.authorId } : {}),
  };
  const message = await ctx.client.call<Message>('POST', '/messages', { body, signal: ctx.signal });
  return { message };
}

export function tiptapDocument(text: string) {
  return {
    type: 'doc',
    content: text.split('\n').map((line) => ({
      type: 'paragraph',
      content: line ? [{ type: 'text', text: line }] : [],
    })),
  };
}
