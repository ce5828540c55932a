import { createPublicKey, createVerify, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { admin, caller, type Json, startSandbox } from '../support/ghl-sandbox.ts';

interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: Json;
}

let sandbox: GhlSandbox;
let receiver: Server;
let received: Received[] = [];
let answers: number[] = [];
let call: ReturnType<typeof caller>;
let locationId: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ headers: req.headers, raw, body: JSON.parse(raw.toString('utf8')) });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  sandbox = await startSandbox();
  locationId = sandbox.defaultLocation.locationId;
  call = caller(sandbox.url, sandbox.defaultLocation.privateIntegrationToken);
  const port = (receiver.address() as { port: number }).port;
  await admin(sandbox.url, 'PUT', '/webhooks/target', {
    url: `http://127.0.0.1:${port}/ghl`,
    retryIntervalMs: 20,
  });
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
  received = [];
  answers = [];
});

async function events(): Promise<Received[]> {
  await sandbox.webhooks.settled();
  return received;
}

describe('webhooks like GHL', () => {
  it('signatures verify with node:crypto against the served public keys', async () => {
    await admin(sandbox.url, 'PUT', '/webhooks/signing', { legacyRsa: true });
    const keys = (await admin(sandbox.url, 'GET', '/keys')).body;
    await call('POST', '/contacts/', { locationId, firstName: 'Sig', email: 'sig@b.co' });
    const [event] = await events();
    expect(event).toBeDefined();
    const ed25519 = createPublicKey(keys.ed25519PublicKey);
    const signature = Buffer.from(String(event!.headers['x-ghl-signature']), 'base64');
    expect(verify(null, event!.raw, ed25519, signature)).toBe(true);
    expect(verify(null, Buffer.from(`${event!.raw.toString()} `), ed25519, signature)).toBe(false);
    const legacy = String(event!.headers['x-wh-signature']);
    expect(createVerify('SHA256').update(event!.raw).verify(keys.rsaPublicKey, legacy, 'base64')).toBe(true);

    const pem = await (await fetch(`${sandbox.url}/_sandbox/keys/ed25519.pem`)).text();
    expect(pem).toBe(keys.ed25519PublicKey);
    await admin(sandbox.url, 'PUT', '/webhooks/signing', { legacyRsa: false });
  });

  it('a webhook answered 429 is delivered again, the same bytes; other failures are final', async () => {
    answers = [429, 429, 200];
    await call('POST', '/contacts/', { locationId, email: 'retry@b.co' });
    const deliveries = await events();
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((d) => d.raw.toString()))).toHaveLength(1);
    const logged = (
      await admin(sandbox.url, 'GET', '/webhooks/deliveries?event=ContactCreate')
    ).body.deliveries.at(-1);
    expect(logged.attempts.map((a: { status: number }) => a.status)).toEqual([429, 429, 200]);
    expect(logged.state).toBe('delivered');

    received = [];
    answers = [500];
    await call('POST', '/contacts/', { locationId, email: 'lost@b.co' });
    expect(await events()).toHaveLength(1);
    expect(sandbox.webhooks.deliveries({ event: 'ContactCreate' }).at(-1)?.state).toBe('failed');
  });

  it('every change emits the documented event with timestamp and webhookId', async () => {
    const contact = (
      await call('POST', '/contacts/', { locationId, firstName: 'Eve', email: 'eve@b.co', tags: ['one'] })
    ).body.contact;
    const id = contact.id;
    await call('PUT', `/contacts/${id}`, { city: 'Lyon' });
    await call('POST', `/contacts/${id}/tags`, { tags: ['two'] });
    await call('PUT', `/contacts/${id}`, { dnd: true, dndSettings: { SMS: { status: 'active' } } });
    const note = (await call('POST', `/contacts/${id}/notes`, { body: 'hi' })).body.note;
    await call('PUT', `/contacts/${id}/notes/${note.id}`, { body: 'hello' });
    await call('DELETE', `/contacts/${id}/notes/${note.id}`);
    const task = (
      await call('POST', `/contacts/${id}/tasks`, {
        title: 'T',
        dueDate: '2030-01-01T10:00:00Z',
        completed: false,
      })
    ).body.task;
    await call('PUT', `/contacts/${id}/tasks/${task.id}/completed`, { completed: true });
    await call('DELETE', `/contacts/${id}/tasks/${task.id}`);
    const appointment = (
      await admin(sandbox.url, 'POST', `/locations/${locationId}/appointments`, {
        contactId: id,
        title: 'Call',
      })
    ).body.appointment;
    await admin(sandbox.url, 'PUT', `/locations/${locationId}/appointments/${appointment.id}`, {
      title: 'Call 2',
    });
    await admin(sandbox.url, 'DELETE', `/locations/${locationId}/appointments/${appointment.id}`);
    await call('DELETE', `/contacts/${id}`);

    const got = await events();
    expect(got.map((e) => e.body.type)).toEqual([
      'ContactCreate',
      'ContactUpdate',
      'ContactTagUpdate',
      'ContactDndUpdate',
      'NoteCreate',
      'NoteUpdate',
      'NoteDelete',
      'TaskCreate',
      'TaskComplete',
      'TaskDelete',
      'AppointmentCreate',
      'AppointmentUpdate',
      'AppointmentDelete',
      'ContactDelete',
    ]);
    for (const event of got) {
      expect(event.body.locationId).toBe(locationId);
      expect(Number.isNaN(Date.parse(event.body.timestamp))).toBe(false);
      expect(event.body.webhookId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const byType = Object.fromEntries(got.map((e) => [e.body.type, e.body]));
    expect(byType.ContactCreate).toMatchObject({
      id,
      firstName: 'Eve',
      email: 'eve@b.co',
      tags: ['one'],
      attachments: [],
    });
    expect(byType.ContactTagUpdate.tags).toEqual(['one', 'two']);
    expect(byType.ContactDndUpdate).toMatchObject({ dnd: true, dndSettings: { SMS: { status: 'active' } } });
    expect(byType.NoteUpdate).toMatchObject({ id: note.id, body: 'hello', contactId: id });
    expect(byType.TaskComplete).toMatchObject({ id: task.id, title: 'T', contactId: id });
    expect(byType.TaskComplete.completed).toBeUndefined();
    expect(byType.AppointmentUpdate.appointment).toMatchObject({
      id: appointment.id,
      title: 'Call 2',
      contactId: id,
    });
  });

  it('an OAuth app with a webhook URL gets INSTALL and its locations’ events', async () => {
    const port = (receiver.address() as { port: number }).port;
    const app = sandbox.admin.registerApp({
      redirectUris: ['https://bridge.test/cb'],
      webhookUrl: `http://127.0.0.1:${port}/app-hook`,
    });
    sandbox.admin.authorize({ clientId: app.clientId, locationId });
    await call('POST', '/contacts/', { locationId, email: 'app@b.co' });
    const got = await events();
    const install = got.find((e) => e.body.type === 'INSTALL');
    expect(install?.body).toMatchObject({
      appId: app.appId,
      locationId,
      companyId: sandbox.defaultLocation.companyId,
    });
    // ContactCreate reaches both the app's URL and the sandbox-wide target.
    expect(got.filter((e) => e.body.type === 'ContactCreate')).toHaveLength(2);
  });
});
