import { dateFormats } from '../i18n.ts';
import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';

/** The chosen time and meeting, with the button that books it. */
export function Confirm({ model, t }: ViewProps) {
  const slot = model.selected.value;
  const lead = model.lead.value;
  if (!slot || !lead) return null;
  const zone = model.timezone.value;
  const format = dateFormats(model.locale, zone);
  const busy = model.busy.value;
  return (
    <>
      <Heading>{t('confirmTitle')}</Heading>
      <p class="when">
        {format.day(slot.start)}
        <br />
        {format.range(slot.start, slot.end)}
      </p>
      <p class="muted">{t('zone', { zone })}</p>
      <p>
        {lead.meeting.title} · {t('minutes', { n: lead.meeting.durationMinutes })}
        {lead.host && <><br />{t('withHost', { name: lead.host.name })}</>}
      </p>
      <div class="actions">
        <button type="button" class="primary" aria-disabled={busy} onClick={() => void model.confirm()}>
          {busy ? t('booking') : t('book')}
        </button>
        <button type="button" onClick={() => model.back()}>{t('back')}</button>
      </div>
    </>
  );
}
