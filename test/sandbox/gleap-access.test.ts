import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GleapSandbox, startGleapSandbox } from '../../src/sandbox/gleap/index.ts';
import { adminCall, gleapCaller } from '../support/app-sandboxes.ts';

let sandbox: GleapSandbox;

beforeAll(async () => {
  sandbox = await startGleapSandbox();
});
afterAll(() => sandbox.close());

async function raw(path: string, headers: Record<string, string>) {
  const response = await fetch(`${sandbox.url}${path}`, { headers });
  return { status: response.status, body: await response.json() };
}

describe('Gleap sandbox: authentication, isolation and rate limit', () => {
  it('needs "Authorization: Bearer <API key>" and the matching "Project" header', async () => {
    const project = sandbox.admin.createProject();
    const other = sandbox.admin.createProject();
    const bearer = `Bearer ${project.apiKey}`;
    expect(await raw('/sessions', {})).toMatchObject({ status: 401 });
    expect(
      await raw('/sessions', { authorization: project.apiKey, project: project.projectId }),
    ).toMatchObject({ status: 401 });
    expect(
      await raw('/sessions', { authorization: 'Bearer wrong', project: project.projectId }),
    ).toMatchObject({ status: 401 });
    expect(await raw('/sessions', { authorization: bearer })).toMatchObject({ status: 401 });
    expect(await raw('/sessions', { authorization: bearer, project: other.projectId })).toMatchObject({
      status: 403,
    });
    const ok = await raw('/sessions', { authorization: bearer, project: project.projectId });
    expect(ok).toEqual({ status: 200, body: [] });
    const refused = await raw('/sessions', { authorization: 'Bearer wrong', project: project.projectId });
    expect(JSON.stringify(refused.body)).not.toContain(project.apiKey);
  });

  it('keeps projects apart: one project cannot read or change what another holds', async () => {
    const a = gleapCaller(sandbox.url, sandbox.admin.createProject());
    const b = gleapCaller(sandbox.url, sandbox.admin.createProject());
    const contact = (await a('POST', '/sessions', { userId: 'shared-id', name: 'In A' })).body;
    const ticket = (await a('POST', '/tickets', { title: 'In A' })).body;
    expect((await b('GET', `/sessions/${contact._id}`)).status).toBe(404);
    expect((await b('GET', '/sessions/by-user-id/shared-id')).status).toBe(404);
    expect((await b('PUT', `/tickets/${ticket._id}`, { title: 'hijack' })).status).toBe(404);
    expect((await b('DELETE', `/sessions/${contact._id}`)).status).toBe(404);
    // The same userId may exist once per project.
    expect((await b('POST', '/sessions', { userId: 'shared-id', name: 'In B' })).status).toBe(200);
    expect((await a('GET', `/tickets/${ticket._id}`)).body.title).toBe('In A');
    expect((await b('GET', '/tickets')).body.totalCount).toBe(0);
  });

  it('answers 429 past the per-project limit, without touching other projects, and no rate-limit headers', async () => {
    const limited = sandbox.admin.createProject();
    const free = gleapCaller(sandbox.url, sandbox.admin.createProject());
    sandbox.admin.setLimits({ max: 3 }, limited.projectId);
    const call = gleapCaller(sandbox.url, limited);
    const statuses = [];
    for (let n = 0; n < 5; n++) statuses.push((await call('GET', '/sessions')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const tooMany = await call('GET', '/sessions');
    expect(tooMany.body).toEqual({ message: 'Too many requests, please try again later.' });
    expect(tooMany.headers.get('x-ratelimit-remaining')).toBeNull();
    expect((await free('GET', '/sessions')).status).toBe(200);
  });

  it('limits 1,000 requests per 60 s by default, and the admin API changes it per project', async () => {
    const credentials = sandbox.admin.createProject();
    expect(
      (
        await adminCall(sandbox.url, 'PUT', `/projects/${credentials.projectId}/limits`, {
          max: 2,
          intervalMs: 200,
        })
      ).body,
    ).toMatchObject({ limits: { max: 2, intervalMs: 200 } });
    const call = gleapCaller(sandbox.url, credentials);
    await call('GET', '/tickets');
    await call('GET', '/tickets');
    expect((await call('GET', '/tickets')).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 220));
    expect((await call('GET', '/tickets')).status).toBe(200);
    const fresh = sandbox.admin.setLimits({}, sandbox.admin.createProject().projectId);
    expect(fresh).toMatchObject({ max: 1000, intervalMs: 60_000 });
  });

  it('explains that the root already stands for /v3, and logs requests without the key', async () => {
    const credentials = sandbox.admin.createProject();
    const call = gleapCaller(sandbox.url, credentials);
    const v3 = await call('GET', '/v3/sessions');
    expect(v3.status).toBe(404);
    expect(v3.body.message).toContain('drop the /v3 prefix');
    await call('GET', '/sessions?email=a@b.c');
    const log = await adminCall(sandbox.url, 'GET', `/requests?app=${credentials.projectId}`);
    expect(log.body.requests.at(-1)).toMatchObject({ method: 'GET', path: '/sessions', status: 200 });
    expect(JSON.stringify(log.body)).not.toContain(credentials.apiKey);
  });
});
