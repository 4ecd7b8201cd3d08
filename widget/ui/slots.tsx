import { dateFormats } from '../i18n.ts';
import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';

/** Bookable times grouped by the prospect's local day; a time button picks the slot. */
export function Slots({ model, t }: ViewProps) {
  const zone = model.timezone.value;
  const format = dateFormats(model.locale, zone);
  const days = model.days.value;
  return (
    <>
      <Heading>{t('pickTime')}</Heading>
      {model.slotTaken.value && <p class="notice" role="alert">{t('slotTaken')}</p>}
      <p class="muted">{t('zone', { zone })}</p>
      {days.length === 0 && <p>{t('noSlots')}</p>}
      {days.map((day) => {
        const headingId = `usher-day-${day.key}`;
        return (
          <div key={day.key} class="day">
            <h3 id={headingId}>{format.day(day.slots[0]?.start ?? '')}</h3>
            <ul class="times" aria-labelledby={headingId}>
              {day.slots.map((slot) => (
                <li key={slot.start}>
                  <button type="button" data-start={slot.start} onClick={() => model.pickSlot(slot.start)}>
                    {format.time(slot.start)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </>
  );
}
