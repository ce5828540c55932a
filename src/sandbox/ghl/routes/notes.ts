import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Location, Note } from '../model.ts';
import { renderNote } from '../render.ts';
import { contactOf, type GhlServices, READ, WRITE } from './context.ts';

type NoteInput = Partial<Pick<Note, 'body' | 'userId' | 'title' | 'color' | 'pinned'>>;

/** Notes of a contact (newest first). Events: NoteCreate, NoteUpdate, NoteDelete. */
export function noteRoutes(app: FastifyInstance, { state, events, validate }: GhlServices): void {
  const notesOf = (location: Location, contactId: string) => {
    let notes = location.notes.get(contactId);
    if (!notes) {
      notes = new Map();
      location.notes.set(contactId, notes);
    }
    return notes;
  };
  const noteOf = (request: FastifyRequest) => {
    const { location, contact } = contactOf(request, state);
    const { id } = request.params as { id: string };
    const note = location.notes.get(contact.id)?.get(id);
    if (!note) throw badRequest(`Note with id ${id} not found`);
    return { location, contact, note };
  };

  app.get('/contacts/:contactId/notes', { config: READ }, async (request) => {
    const { location, contact } = contactOf(request, state);
    const notes = [...(location.notes.get(contact.id)?.values() ?? [])].sort(
      (a, b) => b.dateAdded - a.dateAdded,
    );
    return { notes: notes.map(renderNote) };
  });

  app.post('/contacts/:contactId/notes', { config: WRITE }, async (request, reply) => {
    const { location, contact } = contactOf(request, state);
    const input = validate.body<NoteInput & { body: string }>('create-note', request.body);
    const note: Note = { id: newId(), contactId: contact.id, dateAdded: Date.now(), ...input };
    notesOf(location, contact.id).set(note.id, note);
    events.note('NoteCreate', note, location.id);
    return reply.code(201).send({ note: renderNote(note) });
  });

  app.get('/contacts/:contactId/notes/:id', { config: READ }, async (request) => ({
    note: renderNote(noteOf(request).note),
  }));

  app.put('/contacts/:contactId/notes/:id', { config: WRITE }, async (request) => {
    const { location, note } = noteOf(request);
    Object.assign(note, validate.body<NoteInput>('update-note', request.body));
    events.note('NoteUpdate', note, location.id);
    return { note: renderNote(note) };
  });

  app.delete('/contacts/:contactId/notes/:id', { config: WRITE }, async (request) => {
    const { location, contact, note } = noteOf(request);
    location.notes.get(contact.id)?.delete(note.id);
    events.note('NoteDelete', note, location.id);
    return { succeded: true };
  });
}
