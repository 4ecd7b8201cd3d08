import { describe, expect, it } from 'vitest';
import { bestZone, searchZones, zoneChoice, zoneChoices } from '../../widget/zones.ts';

const january = Date.parse('2026-01-15T12:00:00Z');
const july = Date.parse('2026-07-15T12:00:00Z');
// Times as Intl writes them: a narrow no-break space before AM and PM.

describe('the zone picker\'s choices', () => {
  it('names a zone by city and long generic name, with its local time and its offset at that instant', () => {
    expect(zoneChoice('Asia/Kolkata', 'en-US', january)).toMatchObject({
      id: 'Asia/Kolkata', label: 'Kolkata · India Standard Time · 5:30\u202fPM', place: 'Kolkata · India Standard Time', offset: 330, group: 'GMT+05:30',
    });
    expect(zoneChoice('Asia/Kathmandu', 'en-US', january)).toMatchObject({ offset: 345, group: 'GMT+05:45' });
    // Half-hour zones west of UTC, and DST: Newfoundland is 3:30 behind in winter, 2:30 in summer.
    expect(zoneChoice('America/St_Johns', 'en-US', january).offset).toBe(-210);
    expect(zoneChoice('America/St_Johns', 'en-US', july).offset).toBe(-150);
    expect(zoneChoice('America/New_York', 'en-US', july)).toMatchObject({ offset: -240, label: 'New York · Eastern Time · 8:00\u202fAM' });
  });

  it('reads in the prospect\'s language, whose offsets may use a true minus sign', () => {
    const newYork = zoneChoice('America/New_York', 'de-DE', january);
    expect(newYork.label).toBe('New York · Nordamerikanische Ostküstenzeit · 07:00');
    expect(newYork.offset).toBe(-300);
    expect(zoneChoice('America/St_Johns', 'fr-FR', july).offset).toBe(-150);
    // UTC has no name but its offset: it is not said twice.
    expect(zoneChoice('UTC', 'en-US', january).label).toBe('UTC · 12:00\u202fPM');
  });

  it('reads the offset alike in every locale, whatever its digits and signs', () => {
    // Finnish writes "UTC+5.30", Basque an en dash, Persian and Egyptian Arabic their own digits.
    for (const locale of ['fi', 'da', 'eu', 'fa', 'ar-EG']) {
      expect(zoneChoice('Asia/Kolkata', locale, january), locale).toMatchObject({ offset: 330, group: 'GMT+05:30' });
      expect(zoneChoice('America/St_Johns', locale, january).offset, locale).toBe(-210);
      expect(new Set(zoneChoices('Europe/Berlin', locale, january).map((c) => c.group)).size, locale).toBeLessThan(45);
    }
    expect(zoneChoice('Asia/Kolkata', 'fa', january).label).not.toContain('()');
  });

  it('takes for Enter the zone a search most likely means', () => {
    const list = zoneChoices('Europe/Berlin', 'en-US', january);
    const best = (query: string) => bestZone(list, query, 'Europe/Berlin');
    expect(best('india')?.place).toMatch(/· India Standard Time$/);
    expect(best('new y')?.id).toBe('America/New_York');
    expect(best('tokyo')?.id).toBe('Asia/Tokyo');
    expect(best('+05:45')?.id).toBe('Asia/Kathmandu');
    expect(best('berlin')).toBeUndefined(); // the zone shown already
    expect(best('  ')).toBeUndefined();
  });

  it('lists every zone once by its current name, west to east', () => {
    const list = zoneChoices('Europe/Berlin', 'en-US', january);
    const ids = list.map((choice) => choice.id);
    expect(ids).toContain('Asia/Kolkata');
    expect(ids).toContain('Europe/Kyiv');
    expect(ids).not.toContain('Asia/Calcutta');
    expect(ids).not.toContain('Europe/Kiev');
    expect(new Set(ids).size).toBe(ids.length);
    const offsets = list.map((choice) => choice.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(offsets[0]).toBe(-660);
    expect(offsets.at(-1)).toBe(840);
  });

  it('finds zones by city without accents, by name and by offset, and always keeps the one shown', () => {
    const list = zoneChoices('Europe/Berlin', 'pt-BR', january);
    expect(searchZones(list, 'sao pau', 'Europe/Berlin').map((c) => c.id)).toEqual(['America/Sao_Paulo', 'Europe/Berlin']);
    expect(searchZones(list, 'SÃO', 'Europe/Berlin').map((c) => c.id)).toContain('America/Sao_Paulo');
    expect(searchZones(list, '+05:45', 'Europe/Berlin').map((c) => c.id)).toEqual(['Europe/Berlin', 'Asia/Kathmandu']);
    expect(searchZones(list, 'no such place', 'Europe/Berlin').map((c) => c.id)).toEqual(['Europe/Berlin']);
    expect(searchZones(list, '', 'Europe/Berlin')).toHaveLength(list.length);
  });
});
