import { defineConnector } from '../../kernel/define.ts';
import { findLinkedRecord } from './actions/find-linked-record.ts';
import { linkRecords } from './actions/link-records.ts';
import { createBridgeClient } from './client.ts';

export const bridgeConnector = defineConnector({
  key: 'bridge',
  title: 'ghl-bridge',
  description: "The bridge's own actions: the identity map that ties records in different apps together.",
  auth: [],
  baseUrl: 'http://127.0.0.1',
  createClient: createBridgeClient,
  rateLimitKey: () => 'bridge',
  actions: [linkRecords, findLinkedRecord],
  triggers: [],
});
