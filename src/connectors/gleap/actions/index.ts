import { addTicketComment } from './add-ticket-comment.ts';
import { addTicketNote } from './add-ticket-note.ts';
import { createContact } from './create-contact.ts';
import { createTicket } from './create-ticket.ts';
import { deleteContact } from './delete-contact.ts';
import { deleteTicket } from './delete-ticket.ts';
import { findOrCreateContact } from './find-or-create-contact.ts';
import { getContact } from './get-contact.ts';
import { getContactByUserId } from './get-contact-by-user-id.ts';
import { getTicket } from './get-ticket.ts';
import { listContactTickets } from './list-contact-tickets.ts';
import { listContacts } from './list-contacts.ts';
import { listTickets } from './list-tickets.ts';
import { searchContacts } from './search-contacts.ts';
import { updateContact } from './update-contact.ts';
import { updateTicket } from './update-ticket.ts';

/** Every Gleap action, one file each; the catalog is derived from this list. */
export const gleapActions = [
  createContact,
  updateContact,
  getContact,
  getContactByUserId,
  listContacts,
  searchContacts,
  deleteContact,
  findOrCreateContact,
  createTicket,
  updateTicket,
  getTicket,
  listTickets,
  listContactTickets,
  deleteTicket,
  addTicketComment,
  addTicketNote,
];
