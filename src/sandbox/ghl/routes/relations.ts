import type { FastifyInstance } from 'fastify';
import { locationOf } from '../auth.ts';
import { unprocessable } from '../errors.ts';
import { contactOf, type GhlServices, WRITE } from './context.ts';

/** Followers, campaigns, workflows and the bulk business assignment. */
export function relationRoutes(app: FastifyInstance, { state, contacts, validate }: GhlServices): void {
  app.post('/contacts/:contactId/followers', { config: WRITE }, async (request, reply) => {
    const { contact } = contactOf(request, state);
    const { followers } = validate.body<{ followers: string[] }>('add-followers-contact', request.body);
    const followersAdded = [...new Set(followers)].filter((id) => !contact.followers.includes(id));
    contacts.change(contact, () => {
      contact.followers = [...contact.followers, ...followersAdded];
    });
    return reply.code(201).send({ followers: [...contact.followers], followersAdded });
  });

  app.delete('/contacts/:contactId/followers', { config: WRITE }, async (request) => {
    const { contact } = contactOf(request, state);
    const { followers } = validate.body<{ followers: string[] }>('remove-followers-contact', request.body);
    const followersRemoved = contact.followers.filter((id) => followers.includes(id));
    contacts.change(contact, () => {
      contact.followers = contact.followers.filter((id) => !followers.includes(id));
    });
    return { followers: [...contact.followers], followersRemoved };
  });

  // Static `removeAll` is registered beside `:campaignId`; the router prefers the static segment.
  app.delete('/contacts/:contactId/campaigns/removeAll', { config: WRITE }, async (request) => {
    const { contact } = contactOf(request, state);
    contact.campaigns = [];
    return { succeded: true };
  });

  app.post('/contacts/:contactId/campaigns/:campaignId', { config: WRITE }, async (request, reply) => {
    const { contact } = contactOf(request, state);
    validate.body('add-contact-to-campaign', request.body);
    const { campaignId } = request.params as { campaignId: string };
    if (!contact.campaigns.includes(campaignId)) contact.campaigns.push(campaignId);
    return reply.code(201).send({ succeded: true });
  });

  app.delete('/contacts/:contactId/campaigns/:campaignId', { config: WRITE }, async (request) => {
    const { contact } = contactOf(request, state);
    const { campaignId } = request.params as { campaignId: string };
    contact.campaigns = contact.campaigns.filter((id) => id !== campaignId);
    return { succeded: true };
  });

  app.post('/contacts/:contactId/workflow/:workflowId', { config: WRITE }, async (request) => {
    const { contact } = contactOf(request, state);
    checkEventStartTime(validate.body<{ eventStartTime?: string }>('add-contact-to-workflow', request.body));
    const { workflowId } = request.params as { workflowId: string };
    if (!contact.workflows.includes(workflowId)) contact.workflows.push(workflowId);
    return { succeded: true };
  });

  app.delete('/contacts/:contactId/workflow/:workflowId', { config: WRITE }, async (request) => {
    const { contact } = contactOf(request, state);
    checkEventStartTime(
      validate.body<{ eventStartTime?: string }>('delete-contact-from-workflow', request.body),
    );
    const { workflowId } = request.params as { workflowId: string };
    contact.workflows = contact.workflows.filter((id) => id !== workflowId);
    return { succeded: true };
  });

  app.post('/contacts/bulk/business', { config: WRITE }, async (request) => {
    const body = validate.body<{ locationId: string; ids: string[]; businessId: string | null }>(
      'add-remove-contact-from-business',
      request.body,
    );
    const location = locationOf(request, body.locationId);
    const ids: string[] = [];
    for (const id of body.ids) {
      const contact = location.contacts.get(id);
      if (!contact) continue;
      contacts.change(contact, () => {
        if (body.businessId) contact.businessId = body.businessId;
        else delete contact.businessId;
      });
      ids.push(id);
    }
    return { success: true, ids };
  });
}

function checkEventStartTime(body: { eventStartTime?: string }): void {
  if (body.eventStartTime !== undefined && Number.isNaN(Date.parse(body.eventStartTime))) {
    throw unprocessable(['eventStartTime must be a valid ISO 8601 date string']);
  }
}
