import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ghlConnector } from '../../src/connectors/ghl/index.ts';
import { checkFreshness } from '../../src/connectors/ghl/webhooks/envelope.ts';
import { parsePublicKeys, webhookKeysFrom } from '../../src/connectors/ghl/webhooks/keys.ts';
import { createWebhookVerifier } from '../../src/connectors/ghl/webhooks/signature.ts';
import { ConfigError } from '../../src/kernel/errors.ts';
import { jsonSchemaOf } from '../../src/kernel/fields.ts';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandbox/ghl/index.ts';

const GHL_EVENTS = [
  'ContactCreate',
  'ContactUpdate',
  'ContactDelete',
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
];

const triggers = ghlConnector.triggers;
const webhookTrigger = (event: string) =>
  triggers.find((t) => t.kind === 'webhook' && t.events.includes(event));

describe('GHL trigger definitions', () => {
  it('one webhook trigger per GHL event, and the four polling triggers', () => {
    for (const event of GHL_EVENTS) {
      expect(
        triggers.filter((t) => t.kind === 'webhook' && t.events.includes(event)),
        event,
      ).toHaveLength(1);
    }
    expect(
      triggers
        .filter((t) => t.kind === 'poll')
        .map((t) => t.key)
        .sort(),
    ).toEqual(['new-contact', 'new-note', 'new-task', 'updated-contact']);
  });

  it('each has a title, a description, scopes, a sample that fits its output, and a JSON schema for the catalog', () => {
    for (const trigger of triggers) {
      expect(trigger.title.length, trigger.key).toBeGreaterThan(3);
      expect(trigger.description.length, trigger.key).toBeGreaterThan(20);
      expect(trigger.scopes.length, trigger.key).toBeGreaterThan(0);
      const parsed = trigger.output.safeParse(trigger.sample);
      expect(parsed.success, `${trigger.key}: ${parsed.error?.message}`).toBe(true);
      expect(jsonSchemaOf(trigger.output, 'output')).toHaveProperty('properties');
    }
  });

  it('tasks and notes polling say what their coverage and latency are', () => {
    for (const key of ['new-task', 'new-note']) {
      const description = triggers.find((t) => t.key === key)?.description ?? '';
      expect(description).toMatch(/Latency/);
      expect(description).toMatch(/Coverage/);
    }
  });
});

describe('GHL webhook payloads from the sandbox fit the triggers', () => {
  let sandbox: GhlSandbox;
  beforeAll(async () => {
    sandbox = await startGhlSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${sandbox.defaultLocation.privateIntegrationToken}`,
        version: '2021-07-28',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, { id: string }>>;
  }

  it('every event the sandbox emits parses with its trigger output', async () => {
    const locationId = sandbox.defaultLocation.locationId;
    const { contact } = await call('POST', '/contacts/', {
      locationId,
      email: 'shape@example.com',
      firstName: 'Shay',
    });
    const id = contact!.id;
    await call('PUT', `/contacts/${id}`, {
      city: 'Oslo',
      dnd: true,
      dndSettings: { SMS: { status: 'active' } },
    });
    await call('POST', `/contacts/${id}/tags`, { tags: ['shape'] });
    const { note } = await call('POST', `/contacts/${id}/notes`, { body: 'hello' });
    await call('PUT', `/contacts/${id}/notes/${note!.id}`, { body: 'hello again' });
    await call('DELETE', `/contacts/${id}/notes/${note!.id}`);
    const { task } = await call('POST', `/contacts/${id}/tasks`, {
      title: 'Do',
      dueDate: '2026-12-01T09:00:00Z',
      completed: false,
    });
    await call('PUT', `/contacts/${id}/tasks/${task!.id}/completed`, { completed: true });
    await call('DELETE', `/contacts/${id}/tasks/${task!.id}`);
    const appointment = sandbox.admin.createAppointment(locationId, { contactId: id, title: 'Meet' });
    sandbox.admin.updateAppointment(locationId, appointment.id, { title: 'Meet again' });
    sandbox.admin.deleteAppointment(locationId, appointment.id);
    await call('DELETE', `/contacts/${id}`);

    const seen = new Set<string>();
    for (const delivery of sandbox.webhooks.deliveries()) {
      const trigger = webhookTrigger(delivery.event);
      expect(trigger, delivery.event).toBeDefined();
      const parsed = trigger!.output.safeParse(JSON.parse(delivery.body));
      expect(parsed.success, `${delivery.event}: ${parsed.error?.message}`).toBe(true);
      seen.add(delivery.event);
    }
    expect([...seen].sort()).toEqual([...GHL_EVENTS].sort());
  });
});

describe('webhook keys and signatures', () => {
  const pair = generateKeyPairSync('ed25519');
  const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const body = Buffer.from('{"type":"ContactCreate"}');
  const signature = sign(null, body, pair.privateKey).toString('base64');

  it('reads keys as PEM text, a PEM file or base64 SPKI, and names the setting when one is not a key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ghl-keys-'));
    writeFileSync(join(dir, 'key.pem'), pem);
    const der = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    for (const value of [pem, join(dir, 'key.pem'), der]) {
      const [key] = parsePublicKeys(value, 'ed25519', 'GHL_WEBHOOK_PUBLIC_KEY');
      expect(key?.asymmetricKeyType).toBe('ed25519');
    }
    expect(() => parsePublicKeys('not a key', 'ed25519', 'GHL_WEBHOOK_PUBLIC_KEY')).toThrow(ConfigError);
    expect(() => parsePublicKeys(pem, 'rsa', 'GHL_WEBHOOK_RSA_PUBLIC_KEY')).toThrow(
      /GHL_WEBHOOK_RSA_PUBLIC_KEY: holds a ed25519 key/,
    );
  });

  it("defaults to HighLevel's keys: the quoted Ed25519 key and the bundled RSA-4096 key", () => {
    const keys = webhookKeysFrom({});
    expect(keys.ed25519[0]?.asymmetricKeyType).toBe('ed25519');
    expect(keys.rsa[0]?.asymmetricKeyDetails?.modulusLength).toBe(4096);
  });

  it('accepts a signature by any configured key, refuses others and unsigned requests unless allowed', () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    const verifier = createWebhookVerifier({ ed25519: [other, pair.publicKey], rsa: [] });
    expect(verifier.verify(body, { 'x-ghl-signature': signature })).toEqual({ ok: true, scheme: 'ed25519' });
    expect(
      verifier.verify(Buffer.from('{"type":"ContactUpdate"}'), { 'x-ghl-signature': signature }).ok,
    ).toBe(false);
    expect(verifier.verify(body, { 'x-ghl-signature': 'not base64!' }).ok).toBe(false);
    expect(verifier.verify(body, {}).ok).toBe(false);
    const lenient = createWebhookVerifier({ ed25519: [pair.publicKey], rsa: [], allowUnsigned: true });
    expect(lenient.verify(body, {})).toEqual({ ok: true, scheme: 'unsigned' });
    expect(lenient.verify(body, { 'x-ghl-signature': Buffer.alloc(64).toString('base64') }).ok).toBe(false);
  });

  it('refuses timestamps older or further ahead than the limit', () => {
    const now = Date.parse('2026-03-02T12:00:00Z');
    expect(checkFreshness('2026-03-02T11:55:01Z', now, 300_000).ok).toBe(true);
    expect(checkFreshness('2026-03-02T11:54:59Z', now, 300_000)).toMatchObject({ ok: false, status: 401 });
    expect(checkFreshness('2026-03-02T12:05:01Z', now, 300_000)).toMatchObject({ ok: false, status: 401 });
    expect(checkFreshness('yesterday', now, 300_000)).toMatchObject({ ok: false, status: 400 });
    expect(checkFreshness(undefined, now, 300_000)).toEqual({ ok: true, at: undefined });
  });
});
