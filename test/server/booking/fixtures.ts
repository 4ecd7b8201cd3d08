import { parse, stringify } from 'yaml';
import { TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

type ConfigObject = Record<string, unknown> & {
  meetingTypes: Record<string, Record<string, unknown>>;
  forms: Record<string, Record<string, unknown>>;
};

/**
 * The shared test config with changes made as data, so these tests keep the fixture's
 * reps, zones and (switched off) abuse limits without restating them.
 */
export function testConfigWith(change: (config: ConfigObject) => void): string {
  const config = parse(TEST_CONFIG_YAML) as ConfigObject;
  change(config);
  return stringify(config);
}

/**
 * A second meeting type of another length and a form for each length that sends every
 * lead to Nora (America/New_York, 09:00-17:00), for overlap races between lengths.
 */
export const TWO_LENGTHS_YAML = testConfigWith((config) => {
  config.meetingTypes.demo = { ...config.meetingTypes.demo, slotStepMinutes: 15, bufferAfterMinutes: 10 };
  config.meetingTypes.deep = { ...config.meetingTypes.demo, title: 'Deep dive', durationMinutes: 75, slotStepMinutes: 15, bufferAfterMinutes: 0, bufferBeforeMinutes: 5 };
  const demo = config.forms.demo!;
  config.forms.short = { ...demo, title: 'Short call', meetingType: 'demo', qualify: [], routes: [{ to: { rep: 'ny' } }] };
  config.forms.long = { ...demo, title: 'Long call', meetingType: 'deep', qualify: [], routes: [{ to: { rep: 'ny' } }] };
});
