import { z } from 'zod';
import { contact, note, task } from '../schemas.ts';

/** Outputs and samples of the polling triggers: the records as the API returns them. */

export const contactSummary = z.looseObject({
  id: z.string(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

export const polledTask = task.extend({
  contactId: z.string(),
  contact: contactSummary.describe('The contact the task belongs to'),
});

export const polledNote = note.extend({
  contactId: z.string(),
  contact: contactSummary.describe('The contact the note belongs to'),
});

export const polledContact = contact;

export const sampleContactRecord = {
  id: 'nmFmQEsNgz6AVpgLVUJ0',
  locationId: 've9EPM428h8vShlRW1KT',
  firstName: 'Rosan',
  lastName: 'Deo',
  email: 'rosan@deos.com',
  phone: '+18887324197',
  companyName: 'Loram ipsum',
  city: 'Dolomite',
  state: 'AL',
  country: 'US',
  postalCode: '35061',
  source: 'public api',
  type: 'lead',
  dnd: false,
  tags: ['consequat'],
  customFields: [{ id: 'BcdmQEsNgz6AVpgLVUJ0', value: 'XYZ Corp' }],
  dateAdded: '2026-03-02T14:05:10.917Z',
  dateUpdated: '2026-03-04T09:12:44.305Z',
};

const summary = {
  id: sampleContactRecord.id,
  firstName: sampleContactRecord.firstName,
  lastName: sampleContactRecord.lastName,
  email: sampleContactRecord.email,
  phone: sampleContactRecord.phone,
};

export const sampleTaskRecord = {
  id: 'fVdmUpyKYoQsoXIpHEXo',
  title: 'Quote for Rosan',
  body: 'Send the annual plan quote',
  assignedTo: 'Ysj1j4IsGsLakZWvpXAj',
  dueDate: '2026-03-06T17:00:00.000Z',
  completed: false,
  contactId: sampleContactRecord.id,
  contact: summary,
};

export const sampleNoteRecord = {
  id: 'otg8dTQqGLh3Q6iQI55w',
  body: 'Called back; wants the annual plan quote by Friday.',
  userId: 'Ysj1j4IsGsLakZWvpXAj',
  dateAdded: '2026-03-04T09:12:40.002Z',
  contactId: sampleContactRecord.id,
  contact: summary,
};

export function summaryOf(record: Record<string, unknown> & { id: string }): z.infer<typeof contactSummary> {
  const pick = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : null);
  return {
    id: record.id,
    firstName: pick('firstName'),
    lastName: pick('lastName'),
    email: pick('email'),
    phone: pick('phone'),
  };
}
