import type { FastifyInstance } from 'fastify';
import { locationOf } from '../auth.ts';
import type { ContactInput } from '../contact-input.ts';
import { randomUUID } from '../ids.ts';
import { renderContact, renderCreatedContact } from '../render.ts';
import { contactOf, type GhlServices, READ, WRITE } from './context.ts';

/** Get, update, delete, create (201) and upsert (200 + `new` + `traceId`). */
export function contactRoutes(app: FastifyInstance, { state, contacts, validate }: GhlServices): void {
  app.get('/contacts/:contactId', { config: READ }, async (request) => {
    const { contact } = contactOf(request, state);
    return { contact: renderContact(contact) };
  });

  app.put('/contacts/:contactId', { config: WRITE }, async (request) => {
    const { location, contact } = contactOf(request, state);
    const input = validate.body<ContactInput>('update-contact', request.body);
    contacts.update(location, contact, input);
    return { succeded: true, contact: renderContact(contact) };
  });

  app.delete('/contacts/:contactId', { config: WRITE }, async (request) => {
    const { location, contact } = contactOf(request, state);
    contacts.delete(location, contact);
    return { succeded: true };
  });

  app.post('/contacts/', { config: WRITE }, async (request, reply) => {
    const input = validate.body<ContactInput & { locationId: string }>('create-contact', request.body);
    const location = locationOf(request, input.locationId);
    const { locationId: _locationId, ...fields } = input;
    const contact = contacts.create(location, fields);
    return reply.code(201).send({ contact: renderCreatedContact(contact) });
  });

  app.post('/contacts/upsert', { config: WRITE }, async (request) => {
    const input = validate.body<ContactInput & { locationId: string; createNewIfDuplicateAllowed?: boolean }>(
      'upsert-contact',
      request.body,
    );
    const { locationId, ...fields } = input;
    const location = locationOf(request, locationId);
    const { isNew, contact } = contacts.upsert(location, fields);
    return { new: isNew, contact: renderContact(contact), traceId: randomUUID() };
  });
}
