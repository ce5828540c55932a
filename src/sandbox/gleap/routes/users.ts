import type { FastifyInstance } from 'fastify';
import { projectOf } from '../auth.ts';
import { GleapError } from '../model.ts';
import { renderUser } from '../render.ts';

/**
 * `GET /users/me` (used by third parties as a credential check) answers the project's
 * owner, the team member an API key acts for; `GET /projects/users` lists the team, whose ids
 * are what `processingUser` and a message's `user` take.
 */
export function registerUserRoutes(app: FastifyInstance): void {
  app.get('/users/me', async (request) => {
    const owner = projectOf(request).users.values().next().value;
    if (!owner) throw new GleapError(404, 'User not found');
    return renderUser(owner);
  });

  app.get('/projects/users', async (request) => [...projectOf(request).users.values()].map(renderUser));
}
