import { defineConnector } from '../../kernel/define.ts';
import { gleapActions } from './actions/index.ts';
import { createGleapClient, GLEAP_BASE_URL, gleapCredentialHeaders, gleapProjectId } from './client.ts';
import { gleapTriggers } from './triggers/index.ts';

export const GLEAP_SECRET_NAMES = ['api_key'];

export const gleapConnector = defineConnector({
  key: 'gleap',
  title: 'Gleap',
  description:
    'Support desk: contacts (Gleap calls them sessions), tickets, and comments and internal notes on tickets. API key and project id; instant ticket webhooks and polling.',
  auth: ['api_key'],
  baseUrl: GLEAP_BASE_URL,
  createClient: createGleapClient,
  rateLimitKey: (connection) => gleapProjectId(connection),
  credentialHeaders: gleapCredentialHeaders,
  secretNames: GLEAP_SECRET_NAMES,
  actions: gleapActions,
  triggers: gleapTriggers,
});
