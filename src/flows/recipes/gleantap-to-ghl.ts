import { hasText, literal, present, type Recipe, recordRef } from './types.ts';

const hasEmailOrPhone = `${hasText('trigger.email')} or ${hasText('trigger.phone')}`;

function customerToContact(
  key: string,
  trigger: 'new-customer' | 'updated-customer',
  title: string,
  description: string,
): Recipe {
  return {
    key,
    title,
    description,
    apps: ['gleantap', 'ghl'],
    flow: (c) => ({
      trigger: { event: `gleantap.${trigger}`, connection: c.gleantap },
      // GHL matches contacts on email or phone; a customer with neither cannot be matched safely.
      filter: hasEmailOrPhone,
      steps: [
        {
          key: 'contact',
          action: 'ghl.upsert-contact',
          connection: c.ghl,
          input: {
            email: present('trigger.email'),
            phone: present('trigger.phone'),
            firstName: present('trigger.firstname'),
            lastName: present('trigger.lastname'),
            city: present('trigger.city'),
            source: literal('gleantap'),
          },
        },
        {
          key: 'link',
          action: 'bridge.link-records',
          connection: 'bridge',
          input: {
            from: recordRef(c.gleantap, 'customer', 'trigger.id'),
            to: recordRef(c.ghl, 'contact', 'steps.contact.contact.id'),
          },
        },
      ],
    }),
  };
}

export const gleantapNewCustomerToGhl = customerToContact(
  'gleantap-new-customer-to-ghl',
  'new-customer',
  'New Gleantap customer → GHL contact',
  'Onboarding: every new Gleantap customer appears in GHL (matched on email or phone, so an existing GHL contact is updated rather than duplicated).',
);

export const gleantapUpdatedCustomerToGhl = customerToContact(
  'gleantap-updated-customer-to-ghl',
  'updated-customer',
  'Updated Gleantap customer → GHL contact',
  "When a Gleantap customer's name, email, phone or city changes, the matching GHL contact is updated (or created if missing).",
);
