import type { FastifyInstance } from 'fastify';
import { locationOf } from '../auth.ts';
import { normalizeTags } from '../contact-input.ts';
import { unprocessable } from '../errors.ts';
import { contactOf, type GhlServices, WRITE } from './context.ts';

const FIREBASE_ID = /^[A-Za-z0-9]{20}$/;

/** Add/remove tags of one contact, and the bulk tag update (`{type}` = add | remove). */
export function tagRoutes(app: FastifyInstance, { state, contacts, validate }: GhlServices): void {
  app.post('/contacts/:contactId/tags', { config: WRITE }, async (request, reply) => {
    const { contact } = contactOf(request, state);
    const { tags } = validate.body<{ tags: string[] }>('add-tags', request.body);
    contacts.change(contact, () => {
      contact.tags = normalizeTags([...contact.tags, ...tags]);
    });
    return reply.code(201).send({ tags: [...contact.tags] });
  });

  app.delete('/contacts/:contactId/tags', { config: WRITE }, async (request) => {
    const { contact } = contactOf(request, state);
    const remove = new Set(
      normalizeTags(validate.body<{ tags: string[] }>('remove-tags', request.body).tags),
    );
    contacts.change(contact, () => {
      contact.tags = contact.tags.filter((tag) => !remove.has(tag));
    });
    return { tags: [...contact.tags] };
  });

  app.post('/contacts/bulk/tags/update/:type', { config: WRITE }, async (request, reply) => {
    const { type } = request.params as { type: string };
    const body = validate.body<{
      contacts: string[];
      tags: string[];
      locationId: string;
      removeAllTags?: boolean;
    }>('create-association', request.body);
    if (type !== 'add' && type !== 'remove')
      throw unprocessable(['type must be one of the following values: add, remove']);
    if (body.removeAllTags && type !== 'remove')
      throw unprocessable(['removeAllTags can only be used with remove type']);
    const location = locationOf(request, body.locationId);
    const tags = normalizeTags(body.tags);
    const responses = body.contacts.map((contactId) => {
      const contact = location.contacts.get(contactId);
      if (!contact) {
        const message = !FIREBASE_ID.test(contactId)
          ? 'contact id is not a valid firebase id'
          : [...state.locations.values()].some((l) => l.contacts.has(contactId))
            ? 'contact does not belong to location'
            : 'contact not found';
        return { contactId, message, type: 'error' as const };
      }
      const oldTags = [...contact.tags];
      contacts.change(contact, () => {
        if (type === 'add') contact.tags = normalizeTags([...contact.tags, ...tags]);
        else if (body.removeAllTags) contact.tags = [];
        else contact.tags = contact.tags.filter((tag) => !tags.includes(tag));
      });
      return {
        contactId,
        message: 'Tags updated',
        type: 'success' as const,
        oldTags,
        tagsAdded: contact.tags.filter((tag) => !oldTags.includes(tag)),
        tagsRemoved: oldTags.filter((tag) => !contact.tags.includes(tag)),
      };
    });
    const errorCount = responses.filter((r) => r.type === 'error').length;
    return reply.code(201).send({ succeded: true, errorCount, responses });
  });
}
