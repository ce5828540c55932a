import type { Store } from '../store/db.ts';
import { PgBossQueue } from './pgboss-queue.ts';
import { TableQueue } from './table-queue.ts';
import type { Queue } from './types.ts';

export * from './types.ts';

export interface QueueSettings {
  leaseSeconds: number;
  /** Idle poll interval; tests shorten it. */
  pollMs?: number;
  maintenanceSeconds?: number;
}

/** The table queue on SQLite, pg-boss on PostgreSQL. */
export function createQueue(store: Store, settings: QueueSettings): Queue {
  if (store.dialect === 'postgres') {
    const schema =
      store.postgresSchema && store.postgresSchema !== 'public' ? `${store.postgresSchema}_pgboss` : 'pgboss';
    return new PgBossQueue({
      connectionString: store.postgresUrl ?? '',
      schema,
      leaseSeconds: settings.leaseSeconds,
      pollMs: settings.pollMs ?? 200,
      ...(settings.maintenanceSeconds ? { maintenanceSeconds: settings.maintenanceSeconds } : {}),
    });
  }
  return new TableQueue(store.db, { leaseMs: settings.leaseSeconds * 1000, pollMs: settings.pollMs ?? 100 });
}
