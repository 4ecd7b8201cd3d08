import type { Slot } from '../../shared/api.ts';
import { dateFormats } from '../format.ts';
import type { Translate } from '../i18n.ts';
import { zoneChoice } from '../zones.ts';

/** A meeting's day and times in the prospect's zone and locale, and the zone's name. */
export function When({ slot, zone, locale, t }: { slot: Slot; zone: string; locale: string; t: Translate }) {
  const format = dateFormats(locale, zone);
  return (
    <>
      <p class="when">
        {format.day(slot.start)}
        <br />
        {format.range(slot.start, slot.end)}
      </p>
      {/* Named as the picker names it, at the meeting's time (its summer or winter name). */}
      <p class="muted">{t('timeZone')}: {zoneChoice(zone, locale, Date.parse(slot.start)).place}</p>
    </>
  );
}
