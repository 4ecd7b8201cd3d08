import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../server/config/catalog.ts';
import { enrich } from '../../../server/lead/enrich.ts';
import { selectRoute } from '../../../server/routing/route.ts';
import { roundRobin } from '../../../server/routing/strategies.ts';
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

describe('round robin', () => {
  const members = ['a', 'b', 'c'];
  const all = new Set(members);

  it('hands out turns in member order and wraps around', () => {
    let last = -1;
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const turn = roundRobin(members, last, all)!;
      order.push(turn.chosen);
      last = turn.index;
    }
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('skips an unavailable rep, who loses that turn', () => {
    // After a, b is unavailable: c gets the turn, and the next one goes to a, not b.
    const first = roundRobin(members, 0, new Set(['a', 'c']))!;
    expect(first.chosen).toBe('c');
    expect(roundRobin(members, first.index, all)!.chosen).toBe('a');
  });

  it('gives no turn when nobody is available', () => {
    expect(roundRobin(members, 1, new Set())).toBeNull();
  });
});
