import { dateFormats } from '../i18n.ts';
import { timeZones } from '../time.ts';
import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';

/**
 * Arrow keys move between time buttons: left and right in reading order, up and down to
 * the nearest button in the row above or below (across days too), Home and End to the
 * first and last. Tab still reaches every button, so this only saves keystrokes.
 */
function moveFocus(event: KeyboardEvent) {
  const buttons = [...(event.currentTarget as Element).querySelectorAll<HTMLElement>('[data-start]')];
  const from = buttons.indexOf(event.target as HTMLElement);
  if (from < 0) return;
  const box = buttons[from]!.getBoundingClientRect();
  const vertical = { ArrowUp: -1, ArrowDown: 1 }[event.key];
  let to: HTMLElement | undefined;
  if (vertical) {
    // The nearest row first, then the closest column in it.
    let best = Infinity;
    for (const button of buttons) {
      const { top, left } = button.getBoundingClientRect();
      const rows = (top - box.top) * vertical;
      const score = rows * 1e4 + Math.abs(left - box.left);
      if (rows > 1 && score < best) [best, to] = [score, button];
    }
  } else {
    to = buttons[{ ArrowLeft: from - 1, ArrowRight: from + 1, Home: 0, End: buttons.length - 1 }[event.key] ?? -1];
  }
  if (to) {
    event.preventDefault();
    to.focus();
  }
}

/** Bookable times grouped by the prospect's local day, the zone they are shown in, and more days on request. */
export function Slots({ model, t }: ViewProps) {
  const zone = model.timezone.value;
  const format = dateFormats(model.locale, zone);
  const days = model.shownDays.value;
  return (
    <>
      <Heading>{t('pickTime')}</Heading>
      {model.slotTaken.value && <p class="notice" role="alert">{t('slotTaken')}</p>}
      <div class="field">
        <label for="usher-zone">{t('timeZone')}</label>
        <select id="usher-zone" value={zone} onChange={(event) => model.setTimezone(event.currentTarget.value)}>
          {timeZones(zone).map((name) => <option key={name} value={name}>{name.replace(/_/g, ' ')}</option>)}
        </select>
      </div>
      <div onKeyDown={moveFocus}>
        {days.map((day) => (
          <div key={day.key} class="day">
            <h3 id={`usher-${day.key}`}>{format.day(day.slots[0]!.start)}</h3>
            <ul class="times" aria-labelledby={`usher-${day.key}`}>
              {day.slots.map((slot) => (
                <li key={slot.start}>
                  <button data-start={slot.start} onClick={() => model.pickSlot(slot.start)}>
                    {format.time(slot.start)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {model.moreDays.value
        ? (
          <button
            class="more"
            aria-disabled={model.busy.value}
            onClick={(event) => {
              // Start the prospect at the first new day, or at the note that there are no more.
              const frame = event.currentTarget.parentElement!;
              const first = days.length;
              void model.showMoreDays().then(() =>
                (frame.querySelectorAll('.day')[first]?.querySelector('button') ?? frame.querySelector<HTMLElement>('.end'))?.focus());
            }}
          >
            {t('moreDays')}
          </button>
        )
        : <p class="muted end" tabIndex={-1}>{t('noMoreDays')}</p>}
      <div class="actions">
        <button onClick={() => model.back()}>{t('backToAnswers')}</button>
      </div>
    </>
  );
}
