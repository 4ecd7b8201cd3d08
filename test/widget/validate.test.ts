import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import * as api from '../../shared/api.ts';
import { FIRST_RESPONSE_SCHEMAS, RESPONSE_SCHEMA_NAMES, responseShapes, responseShapesModules } from '../../scripts/response-schemas.ts';
import { laterSchemas } from '../../widget/schemas-later.ts';
import { schemas as firstSchemas } from '../../widget/schemas.ts';

const schemas: Record<(typeof RESPONSE_SCHEMA_NAMES)[number], Shape<unknown>> = { ...firstSchemas, ...laterSchemas };
import { parse, type Shape } from '../../widget/validate.ts';

const instant = '2026-03-03T09:00:00Z';
const slot = { start: instant, end: '2026-03-03T09:30:00Z' };

/** Valid bodies of each response, covering optional keys, nulls and every union member. */
const valid: Record<(typeof RESPONSE_SCHEMA_NAMES)[number], unknown[]> = {
  formViewSchema: [{
    id: 'demo',
    title: 'Book a demo',
    organization: 'Northwind',
    meeting: { title: 'Demo', durationMinutes: 30 },
    questions: [
      { id: 'email', type: 'email', label: 'Work email', required: true, placeholder: 'you@company.com' },
      { id: 'size', type: 'select', label: 'Size', required: false, options: ['1-10', '11-50'] },
    ],
    theme: { accent: '#0a7', radius: '4px' },
    formToken: 'lqz1x2.abc',
  }],
  submissionResponseSchema: [
    { outcome: 'disqualified', reason: 'too_small', redirectUrl: 'https://x.test/', page: null },
    { outcome: 'disqualified', reason: 'too_small', redirectUrl: '/n', page: { title: 'T', message: 'M', links: [{ label: 'L', url: '/t' }] } },
    { outcome: 'schedule', leadId: 'l', leadToken: 't', meeting: { title: 'Demo', durationMinutes: 30 }, host: { name: 'Ana' }, slots: [slot], timezone: 'UTC' },
    { outcome: 'schedule', leadId: 'l', leadToken: 't', meeting: { title: 'Demo', durationMinutes: 30 }, host: null, slots: [], timezone: 'UTC' },
    { outcome: 'no_availability', leadId: 'l', message: 'Soon' },
  ],
  slotsResponseSchema: [{ slots: [slot, { start: '2028-02-29T23:45:00.5Z', end: '2028-03-01T00:15:00Z' }], timezone: 'Asia/Kolkata' }],
  bookingResponseSchema: [
    { bookingId: 'b', start: instant, end: slot.end, host: { name: 'Ana' }, manageUrl: '/m/x', icsUrl: '/m/x/invite.ics' },
    { bookingId: 'b', start: instant, end: slot.end, host: { name: 'Ana' }, manageUrl: '/m/x', icsUrl: '/m/x/invite.ics', location: { kind: 'video', url: 'https://meet.test/b' } },
    { bookingId: 'b', start: instant, end: slot.end, host: { name: 'Ana' }, manageUrl: '/m/x', icsUrl: '/m/x/invite.ics', location: { kind: 'phone' } },
    { bookingId: 'b', start: instant, end: slot.end, host: { name: 'Ana' }, manageUrl: '/m/x', icsUrl: '/m/x/invite.ics', location: { kind: 'in_person', address: '1 Main St' } },
  ],
  manageLinkResponseSchema: [{ sent: true }, { sent: false }],
  errorBodySchema: [
    { error: { code: 'slot_taken', message: 'taken', slots: [slot] } },
    { error: { code: 'invalid', message: 'bad', issues: [{ path: 'answers.email', message: 'required' }] } },
    { error: { code: 'x', message: 'y' } },
  ],
  errorSummarySchema: [{ error: { code: 'x', message: 'y' } }],
};

const replacements: unknown[] = [
  undefined, null, 0, -1.5, Number.NaN, Number.POSITIVE_INFINITY, true, '', 'text', 'schedule', 'disqualified',
  [], [{}], {}, { name: 1 }, '2026-03-03T09:00:00+01:00', '2026-02-30T09:00:00Z', '2026-03-03 09:00:00Z', '2026-03-03T24:00:00Z',
];

/** Every body one step away from a valid one: each value anywhere replaced, removed, or joined by a stranger. */
function* mutations(value: unknown): Generator<unknown> {
  yield* replacements;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      for (const changed of mutations(value[i])) yield value.map((item, j) => (j === i ? changed : item));
      yield value.filter((_, j) => j !== i);
    }
    yield [...value, value[0] ?? 'extra'];
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      for (const changed of mutations(record[key])) yield { ...record, [key]: changed };
      const { [key]: _removed, ...rest } = record;
      yield rest;
    }
    yield { ...record, stranger: 'x' };
  }
}

describe('response validation generated from the shared zod schemas', () => {
  it('has a shape for every response schema the widget parses', () => {
    expect(Object.keys(schemas).sort()).toEqual([...RESPONSE_SCHEMA_NAMES].sort());
  });

  for (const name of RESPONSE_SCHEMA_NAMES) {
    it(`accepts and rejects exactly what zod does for ${name}, and returns what zod returns`, () => {
      let compared = 0;
      for (const body of valid[name]) {
        for (const sample of [body, ...mutations(body)]) {
          const expected = z.safeParse(api[name] as z.ZodMiniType, sample);
          const actual = parse<unknown>(schemas[name], sample);
          if (expected.success !== (actual !== undefined)) {
            throw new Error(`${name}: zod says ${expected.success ? 'valid' : 'invalid'} for ${JSON.stringify(sample)}`);
          }
          if (expected.success) expect(actual).toEqual(expected.data);
          compared++;
        }
      }
      // Even the smallest shape ({ sent }) meets every replacement, removal and stranger.
      expect(compared).toBeGreaterThan(40);
    });
  }

  it('shares repeated parts of the shapes instead of repeating them, across both modules', () => {
    const { first, later } = responseShapesModules();
    // zod's datetime pattern is long: it appears once however many instants there are,
    // in the first module (errors carry slots), and the later one imports it.
    expect((first + later).match(/\(\?:02\)-/g)).toHaveLength(1);
    expect(later).toMatch(/^import \{[\w,]+\} from "virtual:usher-response-schemas";/);
    expect(Object.keys(firstSchemas).sort()).toEqual([...FIRST_RESPONSE_SCHEMAS].sort());
  });

  it('stops the build on a check the validator does not know, naming where it is', () => {
    const withMinimum = { ...api, formViewSchema: z.object({ id: z.string().check(z.minLength(2)) }) };
    expect(() => responseShapes(withMinimum)).toThrow('formViewSchema.id: the widget\'s validator does not support "minLength" on a string');
  });
});
