import { addContactToCampaign } from './add-contact-to-campaign.ts';
import { addContactToWorkflow } from './add-contact-to-workflow.ts';
import { addFollowersContact } from './add-followers-contact.ts';
import { addRemoveContactFromBusiness } from './add-remove-contact-from-business.ts';
import { addTags } from './add-tags.ts';
import { contactSnapshot } from './contact-snapshot.ts';
import { createAssociation } from './create-association.ts';
import { createContact } from './create-contact.ts';
import { createNote } from './create-note.ts';
import { createTask } from './create-task.ts';
import { deleteContact } from './delete-contact.ts';
import { deleteContactFromWorkflow } from './delete-contact-from-workflow.ts';
import { deleteNote } from './delete-note.ts';
import { deleteTask } from './delete-task.ts';
import { findOrCreateContact } from './find-or-create-contact.ts';
import { getAllNotes } from './get-all-notes.ts';
import { getAllTasks } from './get-all-tasks.ts';
import { getAppointmentsForContact } from './get-appointments-for-contact.ts';
import { getContact } from './get-contact.ts';
import { getContacts } from './get-contacts.ts';
import { getContactsByBusinessId } from './get-contacts-by-business-id.ts';
import { getDuplicateContact } from './get-duplicate-contact.ts';
import { getNote } from './get-note.ts';
import { getTask } from './get-task.ts';
import { listCustomFields } from './list-custom-fields.ts';
import { removeContactFromCampaign } from './remove-contact-from-campaign.ts';
import { removeContactFromEveryCampaign } from './remove-contact-from-every-campaign.ts';
import { removeFollowersContact } from './remove-followers-contact.ts';
import { removeTags } from './remove-tags.ts';
import { searchContactsAdvanced } from './search-contacts-advanced.ts';
import { updateContact } from './update-contact.ts';
import { updateNote } from './update-note.ts';
import { updateTask } from './update-task.ts';
import { updateTaskCompleted } from './update-task-completed.ts';
import { upsertContact } from './upsert-contact.ts';

/** Every GHL action, one file each; the catalog is derived from this list. */
export const ghlActions = [
  // What users reach for first.
  findOrCreateContact,
  contactSnapshot,
  listCustomFields,
  // Contacts.
  getContact,
  createContact,
  updateContact,
  upsertContact,
  deleteContact,
  searchContactsAdvanced,
  getDuplicateContact,
  getContacts,
  getContactsByBusinessId,
  addRemoveContactFromBusiness,
  // Tags and followers.
  addTags,
  removeTags,
  createAssociation,
  addFollowersContact,
  removeFollowersContact,
  // Tasks.
  getAllTasks,
  createTask,
  getTask,
  updateTask,
  updateTaskCompleted,
  deleteTask,
  // Notes.
  getAllNotes,
  createNote,
  getNote,
  updateNote,
  deleteNote,
  // Appointments, campaigns, workflows.
  getAppointmentsForContact,
  addContactToCampaign,
  removeContactFromCampaign,
  removeContactFromEveryCampaign,
  addContactToWorkflow,
  deleteContactFromWorkflow,
];
