import type { FastifyInstance } from 'fastify';
import type { CreateLocationInput, GhlAdmin } from '../admin.ts';
import type { AppointmentInput } from '../appointments.ts';
import type { LocationSettings } from '../model.ts';

const strings = { type: 'array', items: { type: 'string' } } as const;
const priority = {
  type: 'array',
  items: { enum: ['email', 'phone'] },
  minItems: 1,
  uniqueItems: true,
} as const;
const appointmentProperties = {
  contactId: { type: 'string' },
  title: { type: 'string' },
  calendarId: { type: 'string' },
  startTime: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  endTime: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  appointmentStatus: { type: 'string' },
  assignedUserId: { type: 'string' },
  notes: { type: 'string' },
  address: { type: 'string' },
} as const;

type Params = { locationId: string; appointmentId: string; clientId: string };

/** GHL-specific admin routes under `/_sandbox/` (the generic ones come from sandbox/common). */
export function adminRoutes(
  app: FastifyInstance,
  admin: GhlAdmin,
  extra: { saveSnapshot: () => Promise<string | null> },
) {
  app.post('/_sandbox/locations', {
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1 },
          name: { type: 'string' },
          companyId: { type: 'string' },
          scopes: strings,
          privateIntegrationToken: { type: 'string', minLength: 8 },
          allowDuplicateContact: { type: 'boolean' },
          duplicatePriority: priority,
        },
      },
    },
    handler: async (request, reply) =>
      reply.code(201).send(admin.createLocation((request.body ?? {}) as CreateLocationInput)),
  });

  app.get('/_sandbox/locations', async () => ({ locations: admin.listLocations() }));

  app.put('/_sandbox/locations/:locationId/settings', {
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        properties: { allowDuplicateContact: { type: 'boolean' }, duplicatePriority: priority },
      },
    },
    handler: async (request) => {
      const { locationId } = request.params as Params;
      return {
        settings: admin.updateSettings(locationId, (request.body ?? {}) as Partial<LocationSettings>),
      };
    },
  });

  app.post('/_sandbox/locations/:locationId/pits', {
    schema: { body: { type: 'object', additionalProperties: false, properties: { scopes: strings } } },
    handler: async (request, reply) => {
      const { locationId } = request.params as Params;
      return reply
        .code(201)
        .send(admin.createPit(locationId, (request.body as { scopes?: string[] } | undefined)?.scopes));
    },
  });

  app.post('/_sandbox/locations/:locationId/expire-tokens', async (request) => ({
    expired: admin.expireTokens((request.params as Params).locationId),
  }));

  app.post('/_sandbox/locations/:locationId/appointments', {
    schema: {
      body: {
        type: 'object',
        required: ['contactId'],
        additionalProperties: false,
        properties: appointmentProperties,
      },
    },
    handler: async (request, reply) => {
      const { locationId } = request.params as Params;
      return reply
        .code(201)
        .send({ appointment: admin.createAppointment(locationId, request.body as AppointmentInput) });
    },
  });

  app.put('/_sandbox/locations/:locationId/appointments/:appointmentId', {
    schema: { body: { type: 'object', additionalProperties: false, properties: appointmentProperties } },
    handler: async (request) => {
      const { locationId, appointmentId } = request.params as Params;
      return {
        appointment: admin.updateAppointment(
          locationId,
          appointmentId,
          (request.body ?? {}) as AppointmentInput,
        ),
      };
    },
  });

  app.delete('/_sandbox/locations/:locationId/appointments/:appointmentId', async (request) => {
    const { locationId, appointmentId } = request.params as Params;
    admin.deleteAppointment(locationId, appointmentId);
    return { deleted: true };
  });

  app.post('/_sandbox/apps', {
    schema: {
      body: {
        type: 'object',
        required: ['redirectUris'],
        additionalProperties: false,
        properties: {
          name: { type: 'string' },
          redirectUris: { ...strings, minItems: 1 },
          scopes: strings,
          webhookUrl: { type: 'string', pattern: '^https?://' },
        },
      },
    },
    handler: async (request, reply) =>
      reply.code(201).send(admin.registerApp(request.body as Parameters<GhlAdmin['registerApp']>[0])),
  });

  app.get('/_sandbox/apps', async () => ({ apps: admin.listApps() }));

  app.post('/_sandbox/oauth/authorize', {
    schema: {
      body: {
        type: 'object',
        required: ['clientId'],
        additionalProperties: false,
        properties: {
          clientId: { type: 'string' },
          locationId: { type: 'string' },
          companyId: { type: 'string' },
          scope: { type: 'string' },
          redirectUri: { type: 'string' },
          state: { type: 'string' },
        },
      },
    },
    handler: async (request) => admin.authorize(request.body as Parameters<GhlAdmin['authorize']>[0]),
  });

  app.post('/_sandbox/apps/:clientId/uninstall', {
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        properties: { locationId: { type: 'string' }, companyId: { type: 'string' } },
      },
    },
    handler: async (request) => ({
      uninstalled: admin.uninstall(
        (request.params as Params).clientId,
        (request.body ?? {}) as { locationId?: string },
      ),
    }),
  });

  app.put('/_sandbox/oauth/settings', {
    schema: {
      body: {
        type: 'object',
        required: ['accessTokenTtlSeconds'],
        additionalProperties: false,
        properties: { accessTokenTtlSeconds: { type: 'integer', minimum: 1 } },
      },
    },
    handler: async (request) => {
      const { accessTokenTtlSeconds } = request.body as { accessTokenTtlSeconds: number };
      admin.setAccessTokenLifetime(accessTokenTtlSeconds);
      return { accessTokenTtlSeconds };
    },
  });

  app.get('/_sandbox/keys', async () => {
    const keys = admin.publicKeys();
    return { ed25519PublicKey: keys.ed25519, rsaPublicKey: keys.rsa };
  });
  app.get('/_sandbox/keys/ed25519.pem', async (_request, reply) =>
    reply.type('application/x-pem-file').send(admin.publicKeys().ed25519),
  );
  app.get('/_sandbox/keys/rsa.pem', async (_request, reply) =>
    reply.type('application/x-pem-file').send(admin.publicKeys().rsa),
  );

  app.put('/_sandbox/webhooks/signing', {
    schema: {
      body: {
        type: 'object',
        required: ['legacyRsa'],
        additionalProperties: false,
        properties: { legacyRsa: { type: 'boolean' } },
      },
    },
    handler: async (request) => {
      const { legacyRsa } = request.body as { legacyRsa: boolean };
      admin.setLegacySignature(legacyRsa);
      return { legacyRsa };
    },
  });

  app.post('/_sandbox/snapshot', async () => ({ savedTo: await extra.saveSnapshot() }));
}
