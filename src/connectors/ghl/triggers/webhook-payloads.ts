import { z } from 'zod';
import { dndSettings } from '../schemas.ts';

/**
 * The flat JSON bodies of GHL's webhook events (docs "webhook events/*.md"). Objects are loose:
 * a field GHL adds later reaches the flow. `timestamp` and `webhookId` come with signed
 * deliveries; an event found by reconciliation instead carries `reconciled: true` and the
 * record's `dateUpdated`.
 */
const optStr = z.string().nullish();

const delivery = {
  locationId: z.string().describe('GHL location (sub-account) id'),
  timestamp: optStr.describe('When GHL sent the event (ISO 8601)'),
  webhookId: optStr.describe('Unique per delivery; absent on reconciled events'),
  reconciled: z
    .boolean()
    .optional()
    .describe('True when a reconciliation poll found the change instead of a webhook'),
};

export const webhookCustomField = z.looseObject({
  id: z.string(),
  value: z
    .union([z.string(), z.number(), z.boolean(), z.array(z.unknown()), z.record(z.string(), z.unknown())])
    .nullish(),
});

const contactFields = {
  ...delivery,
  id: z.string().describe('Contact id'),
  address1: optStr,
  city: optStr,
  state: optStr,
  companyName: optStr,
  country: optStr,
  source: optStr,
  dateAdded: optStr,
  dateUpdated: optStr,
  dateOfBirth: optStr,
  dnd: z.boolean().nullish(),
  email: optStr,
  name: optStr,
  firstName: optStr,
  lastName: optStr,
  phone: optStr,
  postalCode: optStr,
  tags: z.array(z.string()).nullish(),
  website: optStr,
  attachments: z.array(z.unknown()).nullish(),
  assignedTo: optStr,
  customFields: z.array(webhookCustomField).nullish(),
};

export const contactPayload = (type: string) => z.looseObject({ type: z.literal(type), ...contactFields });
export const contactDndPayload = z.looseObject({
  type: z.literal('ContactDndUpdate'),
  ...contactFields,
  dndSettings: dndSettings.nullish(),
});

export const notePayload = (type: string) =>
  z.looseObject({
    type: z.literal(type),
    ...delivery,
    id: z.string().describe('Note id'),
    body: optStr,
    contactId: optStr,
    dateAdded: optStr,
  });

/** No `completed` field: the event type says it (TaskComplete). */
export const taskPayload = (type: string) =>
  z.looseObject({
    type: z.literal(type),
    ...delivery,
    id: z.string().describe('Task id'),
    assignedTo: optStr,
    body: optStr,
    contactId: optStr.describe('Contact id; GHL has been seen to leave it out (highlevel-api-docs#332)'),
    title: optStr,
    dateAdded: optStr,
    dueDate: optStr,
  });

export const webhookAppointment = z.looseObject({
  id: z.string(),
  address: optStr,
  title: optStr,
  calendarId: optStr,
  contactId: optStr,
  groupId: optStr,
  appointmentStatus: optStr,
  assignedUserId: optStr,
  users: z.array(z.string()).nullish(),
  notes: optStr,
  source: optStr,
  startTime: optStr,
  endTime: optStr,
  dateAdded: optStr,
  dateUpdated: optStr,
});

/**
 * GHL's own examples of AppointmentUpdate and AppointmentDelete carry `"type":"AppointmentCreate"`,
 * so the type is any Appointment* name here; the inbox files the event under the name sent.
 */
export const appointmentPayload = z.looseObject({
  type: z.enum(['AppointmentCreate', 'AppointmentUpdate', 'AppointmentDelete']),
  ...delivery,
  appointment: webhookAppointment,
});

const LOCATION = 've9EPM428h8vShlRW1KT';
const CONTACT = 'nmFmQEsNgz6AVpgLVUJ0';
const sent = { timestamp: '2026-03-02T14:05:11.482Z', webhookId: '1b7d3a52-59c4-4a8f-9d0e-6c1f2b8e4a17' };

export const sampleContact = {
  locationId: LOCATION,
  id: CONTACT,
  address1: '3535 1st St N',
  city: 'Dolomite',
  state: 'AL',
  companyName: 'Loram ipsum',
  country: 'US',
  source: 'public api',
  dateAdded: '2026-03-02T14:05:10.917Z',
  dateOfBirth: '1990-09-25',
  dnd: false,
  email: 'rosan@deos.com',
  name: 'Rosan Deo',
  firstName: 'Rosan',
  lastName: 'Deo',
  phone: '+18887324197',
  postalCode: '35061',
  tags: ['nisi sint commodo amet', 'consequat'],
  website: 'https://www.tesla.com',
  attachments: [],
  assignedTo: 'Ysj1j4IsGsLakZWvpXAj',
  customFields: [{ id: 'BcdmQEsNgz6AVpgLVUJ0', value: 'XYZ Corp' }],
  ...sent,
};

export const sampleNote = {
  locationId: LOCATION,
  id: 'otg8dTQqGLh3Q6iQI55w',
  body: 'Called back; wants the annual plan quote by Friday.',
  contactId: CONTACT,
  dateAdded: '2026-03-02T14:07:42.011Z',
  ...sent,
};

export const sampleTask = {
  locationId: LOCATION,
  id: 'fVdmUpyKYoQsoXIpHEXo',
  assignedTo: 'Ysj1j4IsGsLakZWvpXAj',
  body: 'Send the annual plan quote',
  contactId: CONTACT,
  title: 'Quote for Rosan',
  dateAdded: '2026-03-02T14:08:03.570Z',
  dueDate: '2026-03-06T17:00:00.000Z',
  ...sent,
};

export const sampleAppointment = {
  locationId: LOCATION,
  appointment: {
    id: 'cxdNrOP9z2qbaXTw1Dri',
    address: 'https://meet.google.com/yqp-gogr-ivz',
    title: 'Plan review with Rosan',
    calendarId: 'BqTwX8QFwXzpegMve9EQ',
    contactId: CONTACT,
    groupId: 'ckbzUFsXWMmTnNuZ8fLV',
    appointmentStatus: 'confirmed',
    assignedUserId: 'Ysj1j4IsGsLakZWvpXAj',
    users: ['Ysj1j4IsGsLakZWvpXAj'],
    notes: 'Bring last year’s usage figures',
    source: 'booking_widget',
    startTime: '2026-03-09T15:00:00.000Z',
    endTime: '2026-03-09T15:30:00.000Z',
    dateAdded: '2026-03-02T14:10:27.113Z',
    dateUpdated: '2026-03-02T14:10:27.113Z',
  },
  ...sent,
};
