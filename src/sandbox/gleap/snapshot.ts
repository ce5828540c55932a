import { readSnapshotFile, writeSnapshotFile } from '../common/snapshot-file.ts';
import type { GleapDoc, GleapProject, GleapWebhook } from './model.ts';
import type { GleapStore } from './store.ts';

/** The Gleap sandbox's state as JSON, for the optional snapshot file. */

interface SavedProject {
  id: string;
  name: string;
  organisation: string;
  apiKey: string;
  nextBugId: number;
  webhooks: GleapWebhook[];
  sessions: GleapDoc[];
  tickets: GleapDoc[];
  messages: GleapDoc[];
  users: GleapDoc[];
}

interface GleapSnapshot {
  app: 'gleap';
  version: 1;
  projects: SavedProject[];
}

export function saveGleapSnapshot(store: GleapStore, path: string): void {
  const snapshot: GleapSnapshot = {
    app: 'gleap',
    version: 1,
    projects: [...store.projects.values()].map((project) => ({
      id: project.id,
      name: project.name,
      organisation: project.organisation,
      apiKey: project.apiKey,
      nextBugId: project.nextBugId,
      webhooks: project.webhooks,
      sessions: [...project.sessions.values()],
      tickets: [...project.tickets.values()],
      messages: [...project.messages.values()],
      users: [...project.users.values()],
    })),
  };
  writeSnapshotFile(path, snapshot);
}

/** Replaces the store's projects with the saved ones; false when there is no snapshot file yet. */
export function loadGleapSnapshot(store: GleapStore, path: string): boolean {
  const snapshot = readSnapshotFile(path) as GleapSnapshot | undefined;
  if (snapshot === undefined) return false;
  if (snapshot.app !== 'gleap' || snapshot.version !== 1) {
    throw new Error(`${path} is not a Gleap sandbox snapshot (version 1).`);
  }
  store.clear();
  for (const saved of snapshot.projects) {
    const byId = (docs: GleapDoc[]) => new Map(docs.map((doc) => [doc._id, doc]));
    const project: GleapProject = {
      id: saved.id,
      name: saved.name,
      organisation: saved.organisation,
      apiKey: saved.apiKey,
      nextBugId: saved.nextBugId,
      webhooks: saved.webhooks,
      sessions: byId(saved.sessions),
      tickets: byId(saved.tickets),
      messages: byId(saved.messages),
      users: byId(saved.users),
    };
    store.adopt(project);
  }
  return true;
}
