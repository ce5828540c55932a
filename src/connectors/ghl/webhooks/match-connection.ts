import type { Kysely } from 'kysely';
import { type Connection, connectionsRepository } from '../../../store/connections.ts';
import type { Schema } from '../../../store/schema.ts';

const PREFERENCE: Record<Connection['status'], number> = { active: 0, needs_reauth: 1, disabled: 2 };

/**
 * The connection a location's events belong to. With several connections to one location (a PIT
 * and an OAuth app, say) the events go to one of them — the same one every time: the working one
 * made first — so that one change is one event. A connection waiting to be re-authorized still
 * gets its events (its jobs are held, not dropped); a disabled one only when no other exists.
 */
export async function connectionForLocation(
  db: Kysely<Schema>,
  locationId: string,
): Promise<Connection | undefined> {
  const candidates = (await connectionsRepository(db).list('ghl')).filter(
    (c) => c.meta.locationId === locationId,
  );
  candidates.sort(
    (a, b) =>
      PREFERENCE[a.status] - PREFERENCE[b.status] || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1),
  );
  return candidates[0];
}

/** Whether `connection` is the one its location's events and reconciliation belong to. */
export async function isPrimaryForLocation(db: Kysely<Schema>, connection: Connection): Promise<boolean> {
  const locationId = connection.meta.locationId;
  if (typeof locationId !== 'string') return false;
  return (await connectionForLocation(db, locationId))?.id === connection.id;
}
