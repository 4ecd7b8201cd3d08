import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../server/config/catalog.ts';
import { enrich } from '../../../server/lead/enrich.ts';
import { selectRoute } from '../../../server/routing/route.ts';
import { configFrom, validAnswers } from '../../helpers/app.ts';
import { TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

const catalog = buildCatalog(configFrom(TEST_CONFIG_YAML));
const form = catalog.config.forms.demo!;
const routeFor = (answers: Record<string, string>) =>
  selectRoute(form, enrich(form, { answers, timezone: 'UTC' }, catalog.enrichment));

describe('selectRoute', () => {
  it('sends a named account to its owner before any other rule', () => {
    expect(routeFor(validAnswers({ email: 'ceo@eu.globex.com', size: '1000+' }))).toEqual({
      index: 0, target: { owner: true, fallback: 'rr' },
    });
  });

  it('takes the first route whose condition holds', () => {
    expect(routeFor(validAnswers({ size: '1000+' }))?.target).toEqual({ team: 'pool' });
    expect(routeFor(validAnswers({ size: '201-1000' }))?.target).toEqual({ rep: 'ny' });
  });

  it('falls through to the route without a condition', () => {
    expect(routeFor(validAnswers({ size: '11-50' }))).toEqual({ index: 3, target: { team: 'rr' } });
  });
});
