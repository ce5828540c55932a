import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/kernel/errors.ts';
import { type GhlHarness, ghlHarness } from '../support/ghl-harness.ts';
import { failureOf, requestCount, storedContact } from './ghl-action-support.ts';

describe('GHL tag, business, follower, campaign and workflow actions', () => {
  let h: GhlHarness;

  beforeAll(async () => {
    h = await ghlHarness({ sandbox: { limits: { max: 10_000, dailyMax: 1_000_000 } } });
  });
  afterAll(async () => {
    await h.close();
  });

  async function newContact(email: string, tags: string[] = []): Promise<string> {
    const { contact } = await h.run<{ contact: { id: string } }>('create-contact', { email, tags });
    return contact.id;
  }

  it('add-tags keeps the tags a contact has; remove-tags takes off only those named', async () => {
    const contactId = await newContact('tags@example.com', ['lead']);
    const added = await h.run<{ tags: string[] }>('add-tags', { contactId, tags: ['vip', 'lead'] });
    expect(added.tags.sort()).toEqual(['lead', 'vip']);
    const removed = await h.run<{ tags: string[] }>('remove-tags', {
      contactId,
      tags: ['lead', 'never-had'],
    });
    expect(removed.tags).toEqual(['vip']);
    expect(storedContact(h, contactId)?.tags).toEqual(['vip']);
  });

  it('create-association adds and removes tags on many contacts and reports the ones it could not change', async () => {
    const a = await newContact('bulk-a@example.com', ['old']);
    const b = await newContact('bulk-b@example.com');
    const added = await h.run<{ errorCount: number; responses: { contactId: string; type: string }[] }>(
      'create-association',
      { action: 'add', contactIds: [a, b, 'NoSuchContact00000001'], tags: ['webinar'] },
    );
    expect(added.errorCount).toBe(1);
    expect(added.responses.find((r) => r.contactId === 'NoSuchContact00000001')?.type).toBe('error');
    expect(storedContact(h, a)?.tags.sort()).toEqual(['old', 'webinar']);
    expect(storedContact(h, b)?.tags).toEqual(['webinar']);

    await h.run('create-association', { action: 'remove', contactIds: [a, b], tags: ['webinar'] });
    expect(storedContact(h, a)?.tags).toEqual(['old']);
    await h.run('create-association', { action: 'remove', contactIds: [a], removeAllTags: true });
    expect(storedContact(h, a)?.tags).toEqual([]);
  });

  it('create-association refuses removeAllTags with add, sending nothing', async () => {
    const before = requestCount(h);
    const error = await failureOf(
      h.run('create-association', { action: 'add', contactIds: ['x'], tags: ['t'], removeAllTags: true }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('input.removeAllTags');
    expect(requestCount(h)).toBe(before);
  });

  it('add-remove-contact-from-business links contacts; get-contacts-by-business-id lists them page by page', async () => {
    const ids = [
      await newContact('biz-1@example.com'),
      await newContact('biz-2@example.com'),
      await newContact('biz-3@example.com'),
    ];
    const linked = await h.run<{ success: boolean; ids: string[] }>('add-remove-contact-from-business', {
      contactIds: ids,
      businessId: 'business-acme',
    });
    expect(linked).toEqual({ success: true, ids });

    const first = await h.run<{ contacts: { id: string }[]; count: number }>('get-contacts-by-business-id', {
      businessId: 'business-acme',
      limit: 2,
    });
    const second = await h.run<{ contacts: { id: string }[] }>('get-contacts-by-business-id', {
      businessId: 'business-acme',
      limit: 2,
      skip: 2,
    });
    expect(first.count).toBe(3);
    expect([...first.contacts, ...second.contacts].map((c) => c.id).sort()).toEqual([...ids].sort());

    await h.run('add-remove-contact-from-business', { contactIds: [ids[0]], businessId: null });
    const after = await h.run<{ count: number }>('get-contacts-by-business-id', {
      businessId: 'business-acme',
    });
    expect(after.count).toBe(2);
    expect(storedContact(h, ids[0] as string)?.businessId).toBeUndefined();
  });

  it('add-followers-contact and remove-followers-contact say who was added and removed', async () => {
    const contactId = await newContact('followed@example.com');
    const added = await h.run<{ followers: string[]; followersAdded: string[] }>('add-followers-contact', {
      contactId,
      followers: ['user-1', 'user-2'],
    });
    expect(added.followersAdded).toEqual(['user-1', 'user-2']);
    const again = await h.run<{ followersAdded: string[] }>('add-followers-contact', {
      contactId,
      followers: ['user-2'],
    });
    expect(again.followersAdded).toEqual([]);
    const removed = await h.run<{ followers: string[]; followersRemoved: string[] }>(
      'remove-followers-contact',
      {
        contactId,
        followers: ['user-1'],
      },
    );
    expect(removed).toEqual({ followers: ['user-2'], followersRemoved: ['user-1'] });
  });

  it('campaigns: add a contact, remove it from one, then from every campaign', async () => {
    const contactId = await newContact('campaign@example.com');
    expect(await h.run('add-contact-to-campaign', { contactId, campaignId: 'spring' })).toEqual({
      succeded: true,
    });
    await h.run('add-contact-to-campaign', { contactId, campaignId: 'autumn' });
    expect(storedContact(h, contactId)?.campaigns).toEqual(['spring', 'autumn']);

    expect(await h.run('remove-contact-from-campaign', { contactId, campaignId: 'spring' })).toEqual({
      succeded: true,
    });
    expect(storedContact(h, contactId)?.campaigns).toEqual(['autumn']);

    expect(await h.run('remove-contact-from-every-campaign', { contactId })).toEqual({ succeded: true });
    expect(storedContact(h, contactId)?.campaigns).toEqual([]);
  });

  it('workflows: add a contact (optionally from a start time) and remove it', async () => {
    const contactId = await newContact('workflow@example.com');
    expect(
      await h.run('add-contact-to-workflow', {
        contactId,
        workflowId: 'welcome',
        eventStartTime: '2030-01-01T09:00:00+01:00',
      }),
    ).toEqual({ succeded: true });
    expect(storedContact(h, contactId)?.workflows).toEqual(['welcome']);
    expect(await h.run('delete-contact-from-workflow', { contactId, workflowId: 'welcome' })).toEqual({
      succeded: true,
    });
    expect(storedContact(h, contactId)?.workflows).toEqual([]);
  });

  it('add-contact-to-workflow refuses a start time that is not a date, sending nothing', async () => {
    const before = requestCount(h);
    const error = await failureOf(
      h.run('add-contact-to-workflow', { contactId: 'c', workflowId: 'w', eventStartTime: 'next monday' }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('input.eventStartTime');
    expect(requestCount(h)).toBe(before);
  });
});
