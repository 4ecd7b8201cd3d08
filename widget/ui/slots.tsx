import { dateFormats } from '../format.ts';
import { addDays, firstDayOfWeek, monthGrid } from '../month.ts';
import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';

/** Formats a calendar date (`YYYY-MM-DD`) or month: plain dates, so in UTC. */
const calendarFormat = (locale: string, options: Intl.DateTimeFormatOptions) => {
  const format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options });
  return (key: string) => format.format(new Date(`${key.length === 7 ? `${key}-01` : key}T00:00:00Z`));
};

const STEPS: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };

/**
 * The times as people know them from Calendly and Cal.com: a month with the days that
 * have times marked, and the chosen day's times in one column. Arrow keys move across
 * days (a day with times is chosen as focus reaches it), Page Up and Page Down across
 * months; Tab goes from the calendar to the times.
 */
export function Slots({ model, t }: ViewProps) {
  const { locale } = model;
  const zone = model.timezone.value;
  const format = dateFormats(locale, zone);
  // The times step comes after the steps' module, which brings the calendar.
  const { days, month: shown, chosenDay, zones } = model.calendar!;
  const month = shown.value;
  const chosen = chosenDay.value;
  const open = new Set(days.value.map((day) => day.key));
  const weeks = monthGrid(month, firstDayOfWeek(locale));
  const longDay = calendarFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' });
  const dayNumber = calendarFormat(locale, { day: 'numeric' });
  const weekday = calendarFormat(locale, { weekday: 'short' });
  const focusable = chosen?.key ?? weeks.flat().find((key) => key !== null)!;

  const focusDay = (frame: Element, key: string) => frame.querySelector<HTMLElement>(`[data-day="${key}"]`)?.focus();
  const onKeyDown = (event: KeyboardEvent) => {
    const from = (event.target as HTMLElement).dataset.day;
    if (!from) return;
    const frame = event.currentTarget as Element;
    const months = { PageUp: -1, PageDown: 1 }[event.key];
    const step = STEPS[event.key];
    if (!months && !step) return;
    event.preventDefault();
    const to = months ? addDays(from, months * 28) : addDays(from, step!);
    if (to.slice(0, 7) !== month) {
      void model.showMonth(to.slice(0, 7) < month ? -1 : 1).then(() => requestAnimationFrame(() => focusDay(frame, to)));
      return;
    }
    if (open.has(to)) model.chooseDay(to);
    focusDay(frame, to);
  };

  return (
    <>
      <Heading>{t('pickTime')}</Heading>
      {model.slotTaken.value && <p class="notice" role="alert">{t('slotTaken')}</p>}
      {/* The whole zone list is made as the prospect reaches for it (see zoneChoices). */}
      <div class="field" onFocusCapture={zones.list} onPointerEnter={zones.list}>
        <label for="usher-zone">{t('timeZone')}</label>
        <div class="zone">
          <select id="usher-zone" value={zone} onChange={(event) => model.setTimezone(event.currentTarget.value)}>
            {zones.groups.value.map(({ group, choices }) => (
              <optgroup key={group} label={group}>
                {choices.map((choice) => <option key={choice.id} value={choice.id}>{choice.label}</option>)}
              </optgroup>
            ))}
          </select>
          <input
            type="search"
            aria-label={t('searchZones')}
            placeholder={t('searchZones')}
            aria-controls="usher-zone"
            value={zones.query.value}
            onInput={(event) => zones.search(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                zones.pickBest();
              }
            }}
          />
        </div>
      </div>
      <div class="scheduler" onKeyDown={onKeyDown}>
        <div class="month">
          <div class="month-head">
            <button aria-label={t('previousMonth')} aria-disabled={month <= (days.value[0]?.key.slice(0, 7) ?? month)} onClick={() => void model.showMonth(-1)}>‹</button>
            <h3 id="usher-month" aria-live="polite">{calendarFormat(locale, { month: 'long', year: 'numeric' })(month)}</h3>
            <button aria-label={t('nextMonth')} aria-disabled={model.monthLoading.value} onClick={() => void model.showMonth(1)}>›</button>
          </div>
          <table aria-labelledby="usher-month">
            <thead>
              <tr>{weeks[0]!.map((_, i) => <th key={i} scope="col">{weekday(addDays(weeks[1]![0]!, i))}</th>)}</tr>
            </thead>
            <tbody>
              {weeks.map((week) => (
                <tr key={week.find(Boolean)}>
                  {week.map((key, i) => (
                    <td key={key ?? i}>
                      {key && (
                        <button
                          data-day={key}
                          class={open.has(key) ? 'open' : ''}
                          tabIndex={key === focusable ? 0 : -1}
                          aria-pressed={key === chosen?.key}
                          aria-disabled={!open.has(key)}
                          aria-label={open.has(key) ? longDay(key) : `${longDay(key)}, ${t('noTimesOnDay')}`}
                          onClick={() => model.chooseDay(key)}
                        >
                          {dayNumber(key)}
                        </button>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="day-times">
          {model.monthLoading.value && <p class="muted" role="status">{t('loading')}</p>}
          {chosen
            ? (
              <>
                <h3 id="usher-day">{format.day(chosen.slots[0]!.start)}</h3>
                <ul class="times" aria-labelledby="usher-day">
                  {chosen.slots.map((slot) => (
                    <li key={slot.start}>
                      <button data-start={slot.start} onClick={() => model.pickSlot(slot.start)}>{format.time(slot.start)}</button>
                    </li>
                  ))}
                </ul>
              </>
            )
            : !model.monthLoading.value && <p class="muted">{t('noTimesThisMonth')}</p>}
        </div>
      </div>
      <div class="actions">
        <button onClick={() => model.back()}>{t('backToAnswers')}</button>
      </div>
    </>
  );
}
