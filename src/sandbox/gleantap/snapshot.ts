import { readSnapshotFile, writeSnapshotFile } from '../common/snapshot-file.ts';
import type { GleantapAccount, GleantapCustomer, GleantapEvent, GleantapSms } from './model.ts';
import type { GleantapStore } from './store.ts';

/** The Gleantap sandbox's state as JSON, for the optional snapshot file. */

interface SavedAccount extends Omit<GleantapAccount, 'customers' | 'events'> {
  customers: GleantapCustomer[];
  events: GleantapEvent[];
  sms: GleantapSms[];
}

interface GleantapSnapshot {
  app: 'gleantap';
  version: 1;
  accounts: SavedAccount[];
}

export function saveGleantapSnapshot(store: GleantapStore, path: string): void {
  const snapshot: GleantapSnapshot = {
    app: 'gleantap',
    version: 1,
    accounts: [...store.accounts.values()].map((account) => ({
      ...account,
      customers: [...account.customers.values()],
      events: [...account.events.values()],
    })),
  };
  writeSnapshotFile(path, snapshot);
}

/** Replaces the store's accounts with the saved ones; false when there is no snapshot file yet. */
export function loadGleantapSnapshot(store: GleantapStore, path: string): boolean {
  const snapshot = readSnapshotFile(path) as GleantapSnapshot | undefined;
  if (snapshot === undefined) return false;
  if (snapshot.app !== 'gleantap' || snapshot.version !== 1) {
    throw new Error(`${path} is not a Gleantap sandbox snapshot (version 1).`);
  }
  store.clear();
  for (const saved of snapshot.accounts) {
    store.adopt({
      ...saved,
      customers: new Map(saved.customers.map((customer) => [customer.id, customer])),
      events: new Map(saved.events.map((event) => [event.id, event])),
    });
  }
  return true;
}
