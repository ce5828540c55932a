import type { TriggerDefinition } from '../../../kernel/define.ts';
import { appointmentCreated } from './appointment-created.ts';
import { appointmentDeleted } from './appointment-deleted.ts';
import { appointmentUpdated } from './appointment-updated.ts';
import { contactCreated } from './contact-created.ts';
import { contactDeleted } from './contact-deleted.ts';
import { contactDndUpdated } from './contact-dnd-updated.ts';
import { contactTagsUpdated } from './contact-tags-updated.ts';
import { contactUpdated } from './contact-updated.ts';
import { listed } from './define-ghl-poll-trigger.ts';
import { newContact } from './new-contact.ts';
import { newNote } from './new-note.ts';
import { newTask } from './new-task.ts';
import { noteCreated } from './note-created.ts';
import { noteDeleted } from './note-deleted.ts';
import { noteUpdated } from './note-updated.ts';
import { taskCompleted } from './task-completed.ts';
import { taskCreated } from './task-created.ts';
import { taskDeleted } from './task-deleted.ts';
import { updatedContact } from './updated-contact.ts';

/** Every GHL trigger, one file each; the catalog is derived from this list. */
export const ghlTriggers: TriggerDefinition[] = [
  contactCreated,
  contactUpdated,
  contactDeleted,
  contactTagsUpdated,
  contactDndUpdated,
  noteCreated,
  noteUpdated,
  noteDeleted,
  taskCreated,
  taskCompleted,
  taskDeleted,
  appointmentCreated,
  appointmentUpdated,
  appointmentDeleted,
  listed(newContact),
  listed(updatedContact),
  listed(newTask),
  listed(newNote),
];
