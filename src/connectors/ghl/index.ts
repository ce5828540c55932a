import { defineConnector } from '../../kernel/define.ts';
import { ghlActions } from './actions/index.ts';
import { createGhlClient, GHL_BASE_URL } from './client.ts';
import { ghlTriggers } from './triggers/index.ts';

export const ghlConnector = defineConnector({
  key: 'ghl',
  title: 'HighLevel (GHL)',
  description: 'Contacts, tasks, notes, tags and appointments of a GHL sub-account (location).',
  auth: ['oauth2', 'private_token'],
  baseUrl: GHL_BASE_URL,
  createClient: createGhlClient,
  rateLimitKey: (connection) => String(connection.meta.locationId ?? connection.id),
  actions: ghlActions,
  triggers: ghlTriggers,
});
