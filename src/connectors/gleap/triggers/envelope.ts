import { z } from 'zod';
import { contact, ticket } from '../schemas.ts';

/**
 * What every Gleap trigger delivers: Gleap's own webhook envelope `{ event, projectId, data }`
 * ([3P] gleaptracker's payload type). Polling triggers wrap the record the same way, so a flow
 * reads `trigger.data` whichever way the change arrived.
 */
export const ticketEnvelope = z.looseObject({ event: z.string(), projectId: z.string(), data: ticket });
export const contactEnvelope = z.looseObject({ event: z.string(), projectId: z.string(), data: contact });

const at = '2025-09-01T09:30:00.000Z';

export const ticketSample = {
  event: 'ticket.updated',
  projectId: '65f0c0ffee00000000000001',
  data: {
    _id: '66d4a1b2c3d4e5f601234567',
    id: '66d4a1b2c3d4e5f601234567',
    title: 'Cannot log in',
    type: 'INQUIRY',
    status: 'OPEN',
    priority: 'MEDIUM',
    bugId: 42,
    tags: ['login'],
    session: { _id: '66d4a1b2c3d4e5f600000001', email: 'ada@example.com', name: 'Ada Lovelace' },
    formData: { description: 'The login page says my password is wrong.' },
    createdAt: at,
    updatedAt: at,
  },
};

export const contactSample = {
  event: 'contact.updated',
  projectId: '65f0c0ffee00000000000001',
  data: {
    _id: '66d4a1b2c3d4e5f600000001',
    id: '66d4a1b2c3d4e5f600000001',
    userId: 'ghl-contact-123',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+15550100001',
    tags: ['vip'],
    customData: { plan: 'pro' },
    createdAt: at,
    updatedAt: at,
  },
};
