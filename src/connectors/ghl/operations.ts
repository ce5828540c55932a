/**
 * The 32 operations of the official Contacts spec: method, path and the scope each needs.
 * A test checks this table against the spec, so it cannot drift. Bulk tags and bulk business
 * declare no security in the spec; they change contacts, so they need `contacts.write`.
 */
export const READ = 'contacts.readonly';
export const WRITE = 'contacts.write';

export const ghlOperations = {
  'search-contacts-advanced': { method: 'POST', path: '/contacts/search', scope: READ },
  'get-duplicate-contact': { method: 'GET', path: '/contacts/search/duplicate', scope: READ },
  'get-all-tasks': { method: 'GET', path: '/contacts/{contactId}/tasks', scope: READ },
  'create-task': { method: 'POST', path: '/contacts/{contactId}/tasks', scope: WRITE },
  'get-task': { method: 'GET', path: '/contacts/{contactId}/tasks/{taskId}', scope: READ },
  'update-task': { method: 'PUT', path: '/contacts/{contactId}/tasks/{taskId}', scope: WRITE },
  'delete-task': { method: 'DELETE', path: '/contacts/{contactId}/tasks/{taskId}', scope: WRITE },
  'update-task-completed': {
    method: 'PUT',
    path: '/contacts/{contactId}/tasks/{taskId}/completed',
    scope: WRITE,
  },
  'get-appointments-for-contact': { method: 'GET', path: '/contacts/{contactId}/appointments', scope: READ },
  'add-tags': { method: 'POST', path: '/contacts/{contactId}/tags', scope: WRITE },
  'remove-tags': { method: 'DELETE', path: '/contacts/{contactId}/tags', scope: WRITE },
  'get-all-notes': { method: 'GET', path: '/contacts/{contactId}/notes', scope: READ },
  'create-note': { method: 'POST', path: '/contacts/{contactId}/notes', scope: WRITE },
  'get-note': { method: 'GET', path: '/contacts/{contactId}/notes/{id}', scope: READ },
  'update-note': { method: 'PUT', path: '/contacts/{contactId}/notes/{id}', scope: WRITE },
  'delete-note': { method: 'DELETE', path: '/contacts/{contactId}/notes/{id}', scope: WRITE },
  'create-association': { method: 'POST', path: '/contacts/bulk/tags/update/{type}', scope: WRITE },
  'add-remove-contact-from-business': { method: 'POST', path: '/contacts/bulk/business', scope: WRITE },
  'get-contact': { method: 'GET', path: '/contacts/{contactId}', scope: READ },
  'update-contact': { method: 'PUT', path: '/contacts/{contactId}', scope: WRITE },
  'delete-contact': { method: 'DELETE', path: '/contacts/{contactId}', scope: WRITE },
  'upsert-contact': { method: 'POST', path: '/contacts/upsert', scope: WRITE },
  'get-contacts-by-businessId': { method: 'GET', path: '/contacts/business/{businessId}', scope: READ },
  'add-followers-contact': { method: 'POST', path: '/contacts/{contactId}/followers', scope: WRITE },
  'remove-followers-contact': { method: 'DELETE', path: '/contacts/{contactId}/followers', scope: WRITE },
  'add-contact-to-campaign': {
    method: 'POST',
    path: '/contacts/{contactId}/campaigns/{campaignId}',
    scope: WRITE,
  },
  'remove-contact-from-campaign': {
    method: 'DELETE',
    path: '/contacts/{contactId}/campaigns/{campaignId}',
    scope: WRITE,
  },
  'remove-contact-from-every-campaign': {
    method: 'DELETE',
    path: '/contacts/{contactId}/campaigns/removeAll',
    scope: WRITE,
  },
  'add-contact-to-workflow': {
    method: 'POST',
    path: '/contacts/{contactId}/workflow/{workflowId}',
    scope: WRITE,
  },
  'delete-contact-from-workflow': {
    method: 'DELETE',
    path: '/contacts/{contactId}/workflow/{workflowId}',
    scope: WRITE,
  },
  'create-contact': { method: 'POST', path: '/contacts/', scope: WRITE },
  'get-contacts': { method: 'GET', path: '/contacts/', scope: READ },
} as const;

export type GhlOperationId = keyof typeof ghlOperations;
