import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimits } from '../common/index.ts';
import type { CustomerChange, GleantapAdmin } from './admin.ts';
import { GleantapError } from './model.ts';
import type { GleantapSeedOptions } from './seed.ts';
import type { GleantapAccountInput } from './store.ts';

type Params = { appId: string; customerId: string };
type Body = Record<string, unknown>;

/**
 * Gleantap-specific admin routes under `/_sandbox/` (the generic ones come from
 * `common/admin-routes.ts`). A customer edit may carry `updatedAt` to place the change on
 * a given day, which is what tests of the date-only `updated_since` need.
 */
export function registerGleantapAdminRoutes(
  app: FastifyInstance,
  admin: GleantapAdmin,
  prefix = '/_sandbox',
): void {
  const accounts = `${prefix}/accounts`;
  const one = `${accounts}/:appId`;
  const customer = `${one}/customers/:customerId`;

  app.get(accounts, async () => ({ accounts: admin.accounts() }));
  app.post(accounts, async (request, reply) => {
    const body = objectBody(request) as GleantapAccountInput & { seed?: boolean | GleantapSeedOptions };
    return reply.code(201).send(admin.createAccount(body));
  });
  app.delete<{ Params: Params }>(one, async (request) => {
    admin.deleteAccount(request.params.appId);
    return { deleted: true };
  });
  app.post<{ Params: Params }>(`${one}/seed`, async (request) => {
    admin.seed(request.params.appId, objectBody(request) as GleantapSeedOptions);
    return { seeded: true };
  });
  app.put<{ Params: Params }>(`${one}/limits`, async (request) => ({
    limits: admin.setLimits(objectBody(request) as Partial<RateLimits>, request.params.appId),
  }));

  app.get<{ Params: Params }>(`${one}/customers`, async (request) => ({
    customers: admin.customers(request.params.appId),
  }));
  app.post<{ Params: Params }>(`${one}/customers`, async (request, reply) => {
    const { updatedAt, ...fields } = objectBody(request);
    return reply
      .code(201)
      .send(admin.createCustomer(request.params.appId, fields as never, optionalDate(updatedAt)));
  });
  app.patch<{ Params: Params }>(customer, async (request) => {
    const { updatedAt, ...change } = objectBody(request);
    return admin.updateCustomer(
      request.params.appId,
      request.params.customerId,
      change as CustomerChange,
      optionalDate(updatedAt),
    );
  });
  app.delete<{ Params: Params }>(customer, async (request) => {
    admin.deleteCustomer(request.params.appId, request.params.customerId);
    return { deleted: true };
  });
  app.post<{ Params: Params }>(`${customer}/confirm-optin`, async (request) =>
    admin.confirmOptIn(request.params.appId, request.params.customerId),
  );
  app.post<{ Params: Params }>(`${customer}/optout`, async (request) => {
    const { channel } = objectBody(request) as { channel?: 'sms' | 'email' };
    return admin.optOut(request.params.appId, request.params.customerId, channel ?? 'sms');
  });

  app.get<{ Params: Params }>(`${one}/events`, async (request) => ({
    events: admin.events(request.params.appId),
  }));
  app.post<{ Params: Params }>(`${one}/events`, async (request, reply) =>
    reply.code(201).send(admin.addEvent(request.params.appId, objectBody(request))),
  );
  app.get<{ Params: Params }>(`${one}/sms`, async (request) => ({
    sms: admin.smsOutbox(request.params.appId),
  }));

  app.post(`${prefix}/snapshot`, async () => {
    const path = admin.saveSnapshot();
    if (!path)
      throw new GleantapError(409, 'This sandbox was started without a snapshot file (option snapshotFile).');
    return { saved: path };
  });
}

function objectBody(request: FastifyRequest): Body {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw new GleantapError(400, 'The body must be a JSON object.');
  return body as Body;
}

function optionalDate(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new GleantapError(400, 'updatedAt must be an ISO 8601 date-time.');
  }
  return value;
}
