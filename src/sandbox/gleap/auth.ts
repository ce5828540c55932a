import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimiter } from '../common/index.ts';
import { errorBody } from './errors.ts';
import { GleapError, type GleapProject } from './model.ts';
import type { GleapStore } from './store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The project the caller's API key and `Project` header name, once authenticated. */
    gleapProject: GleapProject | undefined;
  }
}

export interface GleapAuthOptions {
  store: GleapStore;
  limiter: RateLimiter;
  /** Also send `X-RateLimit-Limit` / `X-RateLimit-Remaining` (named only by a third party; off by default). */
  rateLimitHeaders: boolean;
  adminPrefix: string;
}

/**
 * `Authorization: Bearer <API key>` plus `Project: <project id>` on every call (API overview),
 * then the per-project rate limit of 1000 requests per 60 s (429 past it).
 */
export function installGleapAuth(app: FastifyInstance, options: GleapAuthOptions): void {
  app.decorateRequest('gleapProject', undefined);
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(options.adminPrefix)) return;
    // Lets the not-found handler explain that the sandbox root already stands for /v3.
    if (request.url.startsWith('/v3/')) return;
    let project: GleapProject;
    try {
      project = authenticate(request, options.store);
    } catch (error) {
      if (error instanceof GleapError) return reply.code(error.status).send(errorBody(error));
      throw error;
    }
    request.gleapProject = project;
    request.sandboxActor = {
      credential: `apikey:${fingerprint(project.apiKey)}`,
      app: project.id,
      location: project.id,
    };
    const decision = options.limiter.take(project.id);
    if (options.rateLimitHeaders) {
      reply.header('X-RateLimit-Limit', String(decision.limit));
      reply.header('X-RateLimit-Remaining', String(decision.remaining));
    }
    if (!decision.allowed) {
      return reply.code(429).send({ message: 'Too many requests, please try again later.' });
    }
  });
}

function authenticate(request: FastifyRequest, store: GleapStore): GleapProject {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    throw new GleapError(401, 'Unauthorized: send the API key as "Authorization: Bearer <API key>".');
  }
  const project = store.projectByApiKey(match[1]!);
  if (!project) throw new GleapError(401, 'Unauthorized: the API key is not valid.');
  const projectHeader = request.headers['project'];
  if (typeof projectHeader !== 'string' || projectHeader.trim() === '') {
    throw new GleapError(401, 'Unauthorized: send the project id in the "Project" header.');
  }
  if (projectHeader.trim() !== project.id) {
    throw new GleapError(
      403,
      'Forbidden: the API key does not belong to the project in the "Project" header.',
    );
  }
  return project;
}

/** Names a key in logs without revealing it. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 8);
}

/** The authenticated project of a request (set by the hook above). */
export function projectOf(request: FastifyRequest): GleapProject {
  const project = request.gleapProject;
  if (!project) throw new GleapError(401, 'Unauthorized');
  return project;
}
