import type { Appointment, Contact, Note, Task } from './model.ts';

/**
 * Stored records → the response shapes of the spec. Undefined fields are left out by
 * JSON serialization, as HighLevel leaves out unset fields.
 */

export function fullName(contact: Contact): string | undefined {
  const joined = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return joined || contact.name || undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

function customFieldList(contact: Contact): { id: string; value: unknown }[] {
  return Object.entries(contact.customFields).map(([id, value]) => ({ id, value }));
}

/** `GetContectByIdSchema` (sic): GET, PUT and upsert. */
export function renderContact(contact: Contact) {
  const name = fullName(contact);
  return {
    id: contact.id,
    name,
    locationId: contact.locationId,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    emailLowerCase: contact.email?.toLowerCase(),
    timezone: contact.timezone,
    companyName: contact.companyName,
    phone: contact.phone,
    dnd: contact.dnd,
    dndSettings: contact.dndSettings,
    type: contact.type,
    source: contact.source,
    assignedTo: contact.assignedTo,
    address1: contact.address1,
    city: contact.city,
    state: contact.state,
    country: contact.country,
    postalCode: contact.postalCode,
    website: contact.website,
    tags: [...contact.tags],
    dateOfBirth: contact.dateOfBirth,
    dateAdded: iso(contact.dateAdded),
    dateUpdated: iso(contact.dateUpdated),
    firstNameLowerCase: contact.firstName?.toLowerCase(),
    lastNameLowerCase: contact.lastName?.toLowerCase(),
    fullNameLowerCase: name?.toLowerCase(),
    customFields: customFieldList(contact),
    businessId: contact.businessId,
    attributionSource: contact.attributionSource,
    followers: [...contact.followers],
  };
}

/** `CreateContactSchema`: the create answer (no `name`; `dateOfBirth` as an ISO date-time). */
export function renderCreatedContact(contact: Contact) {
  const name = fullName(contact);
  const birth = contact.dateOfBirth ? new Date(`${contact.dateOfBirth}T00:00:00.000Z`) : undefined;
  return {
    id: contact.id,
    dateAdded: iso(contact.dateAdded),
    dateUpdated: iso(contact.dateUpdated),
    deleted: false,
    tags: [...contact.tags],
    type: contact.type,
    customFields: customFieldList(contact),
    locationId: contact.locationId,
    firstName: contact.firstName,
    firstNameLowerCase: contact.firstName?.toLowerCase(),
    fullNameLowerCase: name?.toLowerCase(),
    lastName: contact.lastName,
    lastNameLowerCase: contact.lastName?.toLowerCase(),
    email: contact.email,
    emailLowerCase: contact.email?.toLowerCase(),
    bounceEmail: false,
    unsubscribeEmail: false,
    dnd: contact.dnd,
    dndSettings: contact.dndSettings,
    phone: contact.phone,
    address1: contact.address1,
    city: contact.city,
    state: contact.state,
    country: contact.country,
    postalCode: contact.postalCode,
    website: contact.website,
    source: contact.source,
    companyName: contact.companyName,
    dateOfBirth: birth?.toISOString(),
    birthMonth: birth ? birth.getUTCMonth() + 1 : undefined,
    birthDay: birth ? birth.getUTCDate() : undefined,
    offers: [],
    products: [],
    businessId: contact.businessId,
    assignedTo: contact.assignedTo,
  };
}

/** `ContactsSearchSchema` plus the name/phone/dateUpdated fields real list answers carry. */
export function renderListItem(contact: Contact) {
  return {
    id: contact.id,
    locationId: contact.locationId,
    name: fullName(contact),
    firstName: contact.firstName,
    lastName: contact.lastName,
    companyName: contact.companyName,
    email: contact.email,
    phone: contact.phone,
    dnd: contact.dnd,
    type: contact.type,
    source: contact.source,
    assignedTo: contact.assignedTo,
    city: contact.city,
    state: contact.state,
    postalCode: contact.postalCode,
    address1: contact.address1,
    timezone: contact.timezone,
    country: contact.country,
    dateAdded: iso(contact.dateAdded),
    dateUpdated: iso(contact.dateUpdated),
    dateOfBirth: contact.dateOfBirth,
    customFields: customFieldList(contact),
    tags: [...contact.tags],
    businessId: contact.businessId,
    attributions: contact.attributionSource ? [contact.attributionSource] : [],
    followers: [...contact.followers],
  };
}

/** The search answer's `Contact` (2025-09-08 spec), with its `searchAfter` cursor. */
export function renderSearchContact(contact: Contact, searchAfter: (string | number | null)[]) {
  return {
    id: contact.id,
    locationId: contact.locationId,
    firstName: contact.firstName,
    lastName: contact.lastName,
    firstNameLowerCase: contact.firstName?.toLowerCase(),
    lastNameLowerCase: contact.lastName?.toLowerCase(),
    email: contact.email,
    phone: contact.phone,
    companyName: contact.companyName,
    businessName: contact.companyName,
    address: contact.address1,
    city: contact.city,
    state: contact.state,
    country: contact.country,
    postalCode: contact.postalCode,
    source: contact.source,
    type: contact.type,
    dnd: contact.dnd,
    dndSettings: contact.dndSettings,
    assignedTo: contact.assignedTo,
    customFields: customFieldList(contact),
    tags: [...contact.tags],
    dateAdded: iso(contact.dateAdded),
    dateUpdated: iso(contact.dateUpdated),
    dateOfBirth: contact.dateOfBirth,
    additionalEmails: [],
    additionalPhones: [],
    followers: [...contact.followers],
    validEmail: contact.email ? true : undefined,
    opportunities: [],
    businessId: contact.businessId,
    searchAfter,
  };
}

export function renderTask(task: Task) {
  return {
    id: task.id,
    title: task.title,
    body: task.body,
    assignedTo: task.assignedTo,
    dueDate: task.dueDate,
    completed: task.completed,
    contactId: task.contactId,
  };
}

export function renderNote(note: Note) {
  return {
    id: note.id,
    body: note.body,
    userId: note.userId,
    dateAdded: iso(note.dateAdded),
    contactId: note.contactId,
    title: note.title,
    color: note.color,
    pinned: note.pinned,
  };
}

/** `GetEventSchema`: times in the spec's `YYYY-MM-DD HH:mm:ss` (UTC) form. */
export function renderAppointment(appointment: Appointment) {
  return {
    id: appointment.id,
    calendarId: appointment.calendarId,
    status: appointment.status,
    title: appointment.title,
    assignedUserId: appointment.assignedUserId,
    notes: appointment.notes,
    startTime: spaced(appointment.startTime),
    endTime: spaced(appointment.endTime),
    address: appointment.address,
    locationId: appointment.locationId,
    contactId: appointment.contactId,
    groupId: appointment.groupId,
    appointmentStatus: appointment.appointmentStatus,
    users: [...appointment.users],
    dateAdded: spaced(appointment.dateAdded),
    dateUpdated: spaced(appointment.dateUpdated),
    assignedResources: [...appointment.assignedResources],
  };
}

function spaced(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
