import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../server/config/catalog.ts';
import { prospectOf } from '../../../server/delivery/notify.ts';
import type { Lead } from '../../../shared/records.ts';
import { configFrom } from '../../helpers/app.ts';
import { TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

const leadWith = (answers: Record<string, string>) => ({ formId: 'demo', answers }) as unknown as Lead;

describe('the prospect named in invites', () => {
  it('takes the name from whatever the form calls its name question', () => {
    const catalog = buildCatalog(configFrom(TEST_CONFIG_YAML.replace(
      '{ id: name, type: text, label: Full name, required: true }',
      '{ id: contact, type: text, label: Your name, required: true }',
    )));
    expect(prospectOf(catalog, leadWith({ email: 'jo@acme.io', contact: 'Jo Prospect' }))).toEqual({ name: 'Jo Prospect', email: 'jo@acme.io' });
  });

  it('falls back to the email\'s local part when the form asks no name', () => {
    const catalog = buildCatalog(configFrom(TEST_CONFIG_YAML.replace('      - { id: name, type: text, label: Full name, required: true }\n', '')));
    expect(prospectOf(catalog, leadWith({ email: 'jo.prospect@acme.io' })).name).toBe('jo.prospect');
  });
});
