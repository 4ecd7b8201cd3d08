import { describe, expect, it } from 'vitest';
import { buildQuery, leadsCsvHref, pick } from '../../admin/lib/query.ts';
import { leadHref, navPageOf, parseRoute } from '../../admin/lib/router.ts';

describe('query strings', () => {
  it('leaves out empty filters, which the API refuses with a 400', () => {
    expect(buildQuery({ outcome: '', form: 'demo', team: undefined, rep: null, email: '  ', limit: 50 })).toBe('?form=demo&limit=50');
    expect(buildQuery({ outcome: '' })).toBe('');
  });

  it('encodes values and trims an email typed with spaces', () => {
    expect(buildQuery({ email: ' Ana+test@Example.com ', cursor: 'a/b=' })).toBe('?email=Ana%2Btest%40Example.com&cursor=a%2Fb%3D');
  });

  it('exports the same filters as CSV, without the paging', () => {
    expect(leadsCsvHref({ outcome: 'schedule', from: '2026-03-01', to: '2026-03-31', cursor: 'x', limit: 50 }))
      .toBe('/api/admin/leads.csv?outcome=schedule&from=2026-03-01&to=2026-03-31');
    expect(leadsCsvHref({})).toBe('/api/admin/leads.csv');
  });

  it('keeps only the parameters the endpoint knows', () => {
    expect(pick({ from: '2026-01-01', token: 'x', to: '' }, ['from', 'to'])).toEqual({ from: '2026-01-01' });
  });
});

describe('hash routes', () => {
  it('opens the leads list by default and for unknown pages', () => {
    expect(parseRoute('')).toEqual({ page: 'leads' });
    expect(parseRoute('#/')).toEqual({ page: 'leads' });
    expect(parseRoute('#/nope')).toEqual({ page: 'leads' });
  });

  it('finds each page and one lead by id, marking the leads nav entry for a lead', () => {
    expect(parseRoute('#/distribution')).toEqual({ page: 'distribution' });
    expect(parseRoute('#/config')).toEqual({ page: 'config' });
    const lead = parseRoute(leadHref('l_1 2'));
    expect(lead).toEqual({ page: 'lead', id: 'l_1 2' });
    expect(navPageOf(lead)).toBe('leads');
    expect(parseRoute('#/leads/%E0%A4%A')).toEqual({ page: 'lead', id: '%E0%A4%A' });
  });
});
