import type { FastifyRequest } from 'fastify';
import { locationOf, type RouteAccess } from '../auth.ts';
import type { ContactService } from '../contact-service.ts';
import { contactNotFound, forbidden } from '../errors.ts';
import type { GhlEvents } from '../events.ts';
import type { Contact, Location } from '../model.ts';
import type { GhlState } from '../state.ts';
import type { Validators } from '../validation.ts';

/** What every route module receives. */
export interface GhlServices {
  state: GhlState;
  contacts: ContactService;
  events: GhlEvents;
  validate: Validators;
}

export const READ = { ghl: { scope: 'contacts.readonly' } satisfies RouteAccess };
export const WRITE = { ghl: { scope: 'contacts.write' } satisfies RouteAccess };

/**
 * The contact named in the path, in the token's location. A contact of another location
 * is refused with 403 (the token has no access there); an unknown id with 400.
 */
export function contactOf(
  request: FastifyRequest,
  state: GhlState,
): { location: Location; contact: Contact } {
  const location = locationOf(request);
  const id = (request.params as { contactId: string }).contactId;
  const contact = location.contacts.get(id);
  if (contact) return { location, contact };
  for (const other of state.locations.values()) {
    if (other !== location && other.contacts.has(id)) throw forbidden();
  }
  throw contactNotFound(id);
}
