import { minutes } from '../format.ts';
import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';
import { When } from './when.tsx';

/** The chosen time and meeting, with the button that books it. */
export function Confirm({ model, t }: ViewProps) {
  const slot = model.selected.value;
  const lead = model.lead.value;
  if (!slot || !lead) return null;
  const { meeting, host } = lead;
  return (
    <>
      <Heading>{t('confirmTitle')}</Heading>
      <When slot={slot} zone={model.timezone.value} locale={model.locale} t={t} />
      <p>
        {meeting.title} · {minutes(model.locale, meeting.durationMinutes)}
        {host && <><br />{t('withHost', { name: host.name })}</>}
      </p>
      <div class="actions">
        <button class={model.busy.value ? 'primary busy' : 'primary'} aria-disabled={model.busy.value} onClick={() => void model.confirm()}>
          {t(model.busy.value ? 'booking' : 'book')}
        </button>
        <button onClick={() => model.back()}>{t('back')}</button>
      </div>
    </>
  );
}
