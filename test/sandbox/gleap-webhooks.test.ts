import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GleapSandbox, startGleapSandbox } from '../../src/sandbox/gleap/index.ts';
import { adminCall, gleapCaller, type Json } from '../support/app-sandboxes.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: Json;
}

let sandbox: GleapSandbox;
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
/** Statuses the receiver answers with, in order; 200 once they run out. */
let answers: number[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(text) });
      response.statusCode = answers.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/gleap?secret=s3cret`;
  sandbox = await startGleapSandbox({ webhookRetry: { retryIntervalMs: 30 } });
});
afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  received = [];
  answers = [];
});

async function projectWithWebhook(webhook: Record<string, unknown> = {}) {
  const credentials = sandbox.admin.createProject();
  const added = await adminCall(sandbox.url, 'POST', `/projects/${credentials.projectId}/webhooks`, {
    name: 'ghl-bridge',
    url: receiverUrl,
    headers: [{ key: 'Authorization', value: 'Bearer hook-secret' }],
    ...webhook,
  });
  expect(added.status).toBe(201);
  return { credentials, call: gleapCaller(sandbox.url, credentials) };
}

describe('Gleap sandbox: webhooks', () => {
  it('sends ticket.created and ticket.updated with the ticket, to the registered URL with its custom headers', async () => {
    const { credentials, call } = await projectWithWebhook();
    const contact = (await call('POST', '/sessions', { name: 'Dee', email: 'dee@example.com' })).body;
    const ticket = (
      await call('POST', '/tickets', { title: 'Refund', type: 'INQUIRY', session: contact._id })
    ).body;
    await call('PUT', `/tickets/${ticket._id}`, { status: 'DONE' });
    await call('POST', '/messages', { ticket: ticket._id, comment: 'Done.' });
    await sandbox.admin.webhooksSettled();

    expect(received.map((r) => r.body.event)).toEqual(['ticket.created', 'ticket.updated', 'ticket.updated']);
    const [created, updated] = received as [Received, Received];
    expect(created.headers.authorization).toBe('Bearer hook-secret');
    expect(created.headers['x-gleap-signature']).toBeUndefined();
    expect(created.body).toMatchObject({
      event: 'ticket.created',
      projectId: credentials.projectId,
      data: {
        id: ticket._id,
        title: 'Refund',
        bugId: 1,
        status: 'OPEN',
        type: 'INQUIRY',
        session: { id: contact._id, name: 'Dee', email: 'dee@example.com' },
      },
    });
    expect(updated.body.data).toMatchObject({ id: ticket._id, status: 'DONE' });
  });

  it('redelivers after a 429 and gives up on other failures', async () => {
    const { call } = await projectWithWebhook();
    answers = [429, 429];
    await call('POST', '/tickets', { title: 'Busy receiver' });
    await sandbox.admin.webhooksSettled();
    expect(received.map((r) => r.body.data.title)).toEqual([
      'Busy receiver',
      'Busy receiver',
      'Busy receiver',
    ]);
    expect(sandbox.admin.deliveries('ticket.created').at(-1)).toMatchObject({ state: 'delivered' });

    received = [];
    answers = [500];
    await call('POST', '/tickets', { title: 'Broken receiver' });
    await sandbox.admin.webhooksSettled();
    expect(received).toHaveLength(1);
    expect(sandbox.admin.deliveries('ticket.created').at(-1)).toMatchObject({ state: 'failed' });
  });

  it("honours the webhook's events and ticket-type filters, and app-side changes emit too", async () => {
    const { credentials, call } = await projectWithWebhook({
      events: ['ticket.updated'],
      filters: { ticketTypes: ['BUG'] },
    });
    const bug = (await call('POST', '/tickets', { title: 'Bug', type: 'BUG' })).body;
    const question = (await call('POST', '/tickets', { title: 'Question', type: 'INQUIRY' })).body;
    await call('PUT', `/tickets/${question._id}`, { status: 'DONE' });
    const edited = await adminCall(
      sandbox.url,
      'PATCH',
      `/projects/${credentials.projectId}/tickets/${bug._id}`,
      { status: 'INPROGRESS' },
    );
    expect(edited.body.status).toBe('INPROGRESS');
    await adminCall(
      sandbox.url,
      'PATCH',
      `/projects/${credentials.projectId}/tickets/${bug._id}?webhook=false`,
      { status: 'DONE' },
    );
    await sandbox.admin.webhooksSettled();
    expect(received.map((r) => [r.body.event, r.body.data.title, r.body.data.status])).toEqual([
      ['ticket.updated', 'Bug', 'INPROGRESS'],
    ]);
    // The change that sent no webhook is still there for a poller to find.
    expect((await call('GET', `/tickets/${bug._id}`)).body.status).toBe('DONE');
  });

  it('refuses a webhook the description does not allow', async () => {
    const credentials = sandbox.admin.createProject();
    const refused = await adminCall(sandbox.url, 'POST', `/projects/${credentials.projectId}/webhooks`, {
      url: receiverUrl,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toHaveProperty(['requestBody.name']);
  });
});
