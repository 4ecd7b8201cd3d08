import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';

export function Loading({ t }: ViewProps) {
  return <p class="muted" role="status">{t('loading')}</p>;
}

export function NoAvailability({ model, t }: ViewProps) {
  return (
    <>
      <Heading>{t('noSlotsTitle')}</Heading>
      {model.slotTaken.value && <p class="notice" role="alert">{t('slotTaken')}</p>}
      <p>{model.noAvailabilityMessage.value || t('noSlots')}</p>
    </>
  );
}

/** A failed request, announced as an alert, with a button that runs it again. */
export function Failure({ model, t }: ViewProps) {
  return (
    <div role="alert">
      <Heading>{t('errorTitle')}</Heading>
      <p>{t('errorGeneric')}</p>
      <button class="primary" onClick={() => void model.retry()}>{t('retry')}</button>
    </div>
  );
}
