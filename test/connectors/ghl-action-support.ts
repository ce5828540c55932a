import { clientForConnection } from '../../src/connectors/client-for-connection.ts';
import { connectionInfo } from '../../src/connectors/connection-info.ts';
import { createGhlClient, type GhlClient } from '../../src/connectors/ghl/client.ts';
import { ghlConnector } from '../../src/connectors/ghl/index.ts';
import type { Contact } from '../../src/sandbox/ghl/model.ts';
import type { Connection } from '../../src/store/connections.ts';
import type { GhlHarness } from '../support/ghl-harness.ts';

/** Helpers shared by the GHL action tests: the error a call ends with, and the sandbox's own view. */

export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The contact as the sandbox stores it (what GHL would hold), or undefined. */
export function storedContact(
  h: GhlHarness,
  contactId: string,
  locationId = h.locationId,
): Contact | undefined {
  return h.sandbox.admin.location(locationId).contacts.get(contactId);
}

export function contactCount(h: GhlHarness, locationId = h.locationId): number {
  return h.sandbox.admin.location(locationId).contacts.size;
}

/** Requests the sandbox has answered so far (to show that a refused input sent nothing). */
export function requestCount(h: GhlHarness): number {
  return h.sandbox.requests.list().length;
}

/** The typed GHL client of a connection, as actions get it, for the paginators. */
export function ghlClientFor(h: GhlHarness, connection: Connection = h.connection): GhlClient {
  const http = clientForConnection(h.services, ghlConnector, connection);
  return createGhlClient({ http, connection: connectionInfo(connection) });
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
