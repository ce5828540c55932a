import { defineConnector } from '../../kernel/define.ts';
import { gleantapActions } from './actions/index.ts';
import {
  createGleantapClient,
  GLEANTAP_BASE_URL,
  gleantapAppId,
  gleantapCredentialHeaders,
} from './client.ts';
import { gleantapTriggers } from './triggers/index.ts';

export const GLEANTAP_SECRET_NAMES = ['api_key', 'secret_key'];

export const gleantapConnector = defineConnector({
  key: 'gleantap',
  title: 'Gleantap',
  description:
    "Engagement platform for gyms and studios: contacts, opt-ins, events and SMS. API key, secret key and app_id. Its public API has no tasks, notes or webhooks: GHL tasks and notes are recorded as events on the contact's timeline, and changes are found by polling.",
  auth: ['api_key'],
  baseUrl: GLEANTAP_BASE_URL,
  createClient: createGleantapClient,
  rateLimitKey: (connection) => gleantapAppId(connection),
  credentialHeaders: gleantapCredentialHeaders,
  secretNames: GLEANTAP_SECRET_NAMES,
  actions: gleantapActions,
  triggers: gleantapTriggers,
});
