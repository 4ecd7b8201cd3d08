import { getTimeZones } from '@vvo/tzdb';
import { describe, expect, it } from 'vitest';
import { canonicalZone, currentZoneName } from '../../shared/zone.ts';

describe('current zone names', () => {
  it('knows every rename that the runtime still reports under the old name', () => {
    // @vvo/tzdb lists zones by their current IANA names; where the runtime (ICU) resolves
    // one to another name, that other name is what a browser reports, and must map back.
    const missing: string[] = [];
    for (const zone of getTimeZones()) {
      let reported: string;
      try {
        reported = new Intl.DateTimeFormat('en', { timeZone: zone.name }).resolvedOptions().timeZone;
      } catch {
        continue; // a zone newer than this runtime
      }
      if (reported !== zone.name && currentZoneName(reported) !== zone.name) missing.push(`${reported} → ${zone.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('turns old, odd-cased and current names into the current one', () => {
    expect(canonicalZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalZone('asia/calcutta')).toBe('Asia/Kolkata');
    expect(canonicalZone('ASIA/KOLKATA')).toBe('Asia/Kolkata');
    expect(canonicalZone('Europe/Kiev')).toBe('Europe/Kyiv');
    expect(canonicalZone('America/Godthab')).toBe('America/Nuuk');
    // Not renames: kept.
    expect(canonicalZone('America/New_York')).toBe('America/New_York');
    expect(canonicalZone('UTC')).toBe('UTC');
    expect(currentZoneName('Europe/Berlin')).toBe('Europe/Berlin');
    // Prototype names are not zones.
    expect(currentZoneName('constructor')).toBe('constructor');
    expect(canonicalZone('__proto__')).toBeNull();
  });
});
