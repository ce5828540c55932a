import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/kernel/errors.ts';
import { type GhlHarness, ghlHarness } from '../support/ghl-harness.ts';
import { failureOf } from './ghl-action-support.ts';

interface TaskAnswer {
  task: { id: string; title: string; body?: string; completed: boolean; dueDate: string; contactId: string };
}
interface NoteAnswer {
  note: { id: string; body: string; title?: string; pinned?: boolean; contactId: string };
}

describe('GHL task, note and appointment actions', () => {
  let h: GhlHarness;
  let contactId: string;

  beforeAll(async () => {
    h = await ghlHarness({ sandbox: { limits: { max: 10_000, dailyMax: 1_000_000 } } });
    const answer = await h.run<{ contact: { id: string } }>('create-contact', {
      email: 'activity@example.com',
    });
    contactId = answer.contact.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it('tasks: create, list, get, update, mark done, reopen and delete', async () => {
    const { task } = await h.run<TaskAnswer>('create-task', {
      contactId,
      title: 'Send proposal',
      dueDate: '2030-01-02T09:00:00+01:00',
    });
    expect(task).toMatchObject({ title: 'Send proposal', completed: false, contactId });
    expect(Date.parse(task.dueDate)).toBe(Date.parse('2030-01-02T08:00:00Z'));

    const listed = await h.run<{ tasks: { id: string }[] }>('get-all-tasks', { contactId });
    expect(listed.tasks.map((t) => t.id)).toContain(task.id);

    const updated = await h.run<TaskAnswer>('update-task', {
      contactId,
      taskId: task.id,
      body: 'Pricing v2',
    });
    expect(updated.task).toMatchObject({ title: 'Send proposal', body: 'Pricing v2', completed: false });

    const done = await h.run<TaskAnswer>('update-task-completed', { contactId, taskId: task.id });
    expect(done.task.completed).toBe(true);
    const reopened = await h.run<TaskAnswer>('update-task-completed', {
      contactId,
      taskId: task.id,
      completed: false,
    });
    expect(reopened.task.completed).toBe(false);

    const fetched = await h.run<TaskAnswer>('get-task', { contactId, taskId: task.id });
    expect(fetched.task).toMatchObject({ id: task.id, body: 'Pricing v2', completed: false });

    expect(await h.run('delete-task', { contactId, taskId: task.id })).toEqual({ succeded: true });
    const after = await h.run<{ tasks: { id: string }[] }>('get-all-tasks', { contactId });
    expect(after.tasks.map((t) => t.id)).not.toContain(task.id);
    const error = await failureOf(h.run('get-task', { contactId, taskId: task.id }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain('not found');
  });

  it('notes: create, list, get, update and delete', async () => {
    const { note } = await h.run<NoteAnswer>('create-note', {
      contactId,
      body: 'Prefers email',
      title: 'Contact',
    });
    expect(note).toMatchObject({ body: 'Prefers email', title: 'Contact', contactId });

    const listed = await h.run<{ notes: { id: string }[] }>('get-all-notes', { contactId });
    expect(listed.notes.map((n) => n.id)).toContain(note.id);

    const updated = await h.run<NoteAnswer>('update-note', { contactId, noteId: note.id, pinned: true });
    expect(updated.note).toMatchObject({ body: 'Prefers email', pinned: true });

    const fetched = await h.run<NoteAnswer>('get-note', { contactId, noteId: note.id });
    expect(fetched.note).toMatchObject({ id: note.id, pinned: true });

    expect(await h.run('delete-note', { contactId, noteId: note.id })).toEqual({ succeded: true });
    const error = await failureOf(h.run('get-note', { contactId, noteId: note.id }));
    expect(error).toBeInstanceOf(ApiError);
  });

  it('get-appointments-for-contact lists the contact’s bookings and no one else’s', async () => {
    const other = await h.run<{ contact: { id: string } }>('create-contact', {
      email: 'other-appt@example.com',
    });
    const booked = h.sandbox.admin.createAppointment(h.locationId, {
      contactId,
      title: 'Intro call',
      startTime: '2030-03-04T10:00:00Z',
    });
    h.sandbox.admin.createAppointment(h.locationId, { contactId: other.contact.id, title: 'Not mine' });
    const { events } = await h.run<{ events: { id: string; title: string }[] }>(
      'get-appointments-for-contact',
      {
        contactId,
      },
    );
    expect(events.map((e) => e.id)).toEqual([booked.id]);
    expect(events[0]?.title).toBe('Intro call');
  });
});
