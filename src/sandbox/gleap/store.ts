import { randomBytes } from 'node:crypto';
import { isObjectId, newObjectId } from '../common/object-id.ts';
import {
  type GleapChange,
  type GleapClock,
  type GleapDoc,
  GleapError,
  type GleapProject,
  type GleapWebhook,
} from './model.ts';

export interface GleapProjectInput {
  /** 24-hex project id (generated when absent). */
  id?: string;
  name?: string;
  /** The API key (generated when absent). */
  apiKey?: string;
}

/** All projects of one sandbox, their credentials, and who listens to their changes. */
export class GleapStore {
  readonly projects = new Map<string, GleapProject>();
  private readonly byApiKey = new Map<string, GleapProject>();
  private readonly listeners = new Set<(change: GleapChange) => void>();

  constructor(readonly clock: GleapClock = () => new Date()) {}

  /** Now, as the ISO string Gleap writes in `createdAt` / `updatedAt`. */
  now(): string {
    return this.clock().toISOString();
  }

  newId(): string {
    return newObjectId(this.clock());
  }

  createProject(input: GleapProjectInput = {}): GleapProject {
    const id = input.id ?? this.newId();
    if (!isObjectId(id)) throw new GleapError(400, 'A Gleap project id is 24 hexadecimal digits.');
    if (this.projects.has(id)) throw new GleapError(409, `Project ${id} already exists.`);
    const apiKey = input.apiKey ?? newApiKey(id);
    if (this.byApiKey.has(apiKey))
      throw new GleapError(409, 'That API key is already used by another project.');
    const project: GleapProject = {
      id,
      name: input.name ?? `Sandbox project ${this.projects.size + 1}`,
      organisation: this.newId(),
      apiKey,
      sessions: new Map(),
      tickets: new Map(),
      messages: new Map(),
      users: new Map(),
      nextBugId: 1,
      webhooks: [],
    };
    this.addOwner(project);
    this.projects.set(id, project);
    this.byApiKey.set(apiKey, project);
    return project;
  }

  deleteProject(id: string): void {
    const project = this.project(id);
    this.projects.delete(id);
    this.byApiKey.delete(project.apiKey);
  }

  /** A project by id, for admin use (404 when unknown). */
  project(id: string): GleapProject {
    const project = this.projects.get(id);
    if (!project)
      throw new GleapError(404, `No sandbox project ${id}. Create it with POST /_sandbox/projects.`);
    return project;
  }

  projectByApiKey(apiKey: string): GleapProject | undefined {
    return this.byApiKey.get(apiKey);
  }

  addWebhook(project: GleapProject, webhook: Omit<GleapWebhook, 'id'>): GleapWebhook {
    const stored = { ...webhook, id: this.newId() };
    project.webhooks.push(stored);
    return stored;
  }

  onChange(listener: (change: GleapChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: GleapChange): void {
    for (const listener of this.listeners) listener(change);
  }

  clear(): void {
    this.projects.clear();
    this.byApiKey.clear();
  }

  /** Registers a project rebuilt from a snapshot. */
  adopt(project: GleapProject): void {
    this.projects.set(project.id, project);
    this.byApiKey.set(project.apiKey, project);
  }

  /** A team member (agent) of a project, in the shape of the description's `UserDocument`. */
  addTeamMember(
    project: GleapProject,
    fields: { email: string; firstName: string; lastName: string; userRole: string },
  ) {
    const at = this.now();
    const channels = { push: true, inApp: true, email: true };
    const member: GleapDoc = {
      _id: this.newId(),
      ...fields,
      confirmed: true,
      available: true,
      notificationPreferences: Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, { ...channels }])),
      createdAt: at,
      updatedAt: at,
    };
    project.users.set(member._id, member);
    return member;
  }

  private addOwner(project: GleapProject): void {
    this.addTeamMember(project, {
      email: `owner@${project.id.slice(-6)}.sandbox.gleap.test`,
      firstName: 'Sandbox',
      lastName: 'Owner',
      userRole: 'OWNER',
    });
  }
}

const NOTIFICATION_KINDS = [
  'all-ticket-messages',
  'all-sla-breached',
  'personal-ticket-messages',
  'all-created-tickets',
  'personal-assignment',
  'personal-mention',
  'team-ticket-messages',
  'team-ticket-assignment',
];

/** Gleap's security scheme is a bearer JWT; the sandbox's keys have that shape and are otherwise opaque. */
function newApiKey(projectId: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({ project: projectId, kind: 'api-key', nonce: randomBytes(6).toString('hex') });
  return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
}
