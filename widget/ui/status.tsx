import type { ApiError } from '../api.ts';
import type { MessageId } from '../i18n.ts';
import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';

export function NoAvailability({ model, t }: ViewProps) {
  return (
    <>
      <Heading>{t(model.step.value === 'known' ? 'bookedTitle' : 'noSlotsTitle')}</Heading>
      {model.slotTaken.value && <p class="notice" role="alert">{t('slotTaken')}</p>}
      <p>{model.noAvailabilityMessage.value || t('noSlots')}</p>
      <div class="actions">
        <button onClick={() => model.back()}>{t('backToAnswers')}</button>
      </div>
    </>
  );
}

/** What the prospect can do about a failure: run it again, start the form again, pick another time, or nothing. */
type Remedy = 'retry' | 'restart' | 'pickAgain' | 'none';

/** Each error code's message and remedy; anything unknown reads as a failure to try again. */
function remedyOf(error: ApiError | null): { message: MessageId; remedy: Remedy } {
  switch (error?.code) {
    case 'network': return { message: 'errorNetwork', remedy: 'retry' };
    case 'overloaded': return { message: 'errorBusy', remedy: 'retry' };
    case 'rate_limited': return { message: 'errorRateLimited', remedy: 'restart' };
    case 'submission_rejected': return { message: 'errorRejected', remedy: 'restart' };
    case 'already_booked': return { message: 'errorAlreadyBooked', remedy: 'none' };
    case 'slot_not_offered':
    case 'not_schedulable':
    case 'booking_limit_reached': return { message: 'errorSlotGone', remedy: 'pickAgain' };
    case 'form_not_found': return { message: 'errorUnavailable', remedy: 'none' };
    case 'lead_not_found': return { message: 'errorRejected', remedy: 'restart' };
    default: return { message: 'errorGeneric', remedy: 'retry' };
  }
}

/** A failed request, announced as an alert, with what the prospect can do next. */
export function Failure({ model, t }: ViewProps) {
  const error = model.error.value;
  const { message, remedy } = remedyOf(error);
  return (
    <div role="alert">
      <Heading>{t('errorTitle')}</Heading>
      <p>{t(message)}</p>
      <div class="actions">
        {remedy === 'retry' && <button class="primary" onClick={() => void model.retry()}>{t('retry')}</button>}
        {remedy === 'restart' && <button class="primary" onClick={() => void model.restart()}>{t('backToForm')}</button>}
        {remedy === 'pickAgain' && <button class="primary" onClick={() => model.pickAgain()}>{t('pickAnother')}</button>}
        {error?.code === 'already_booked' && error.manageUrl && (
          <a class="button primary" href={error.manageUrl} target="_blank" rel="noopener">{t('manage')}</a>
        )}
        {error?.code === 'already_booked' && model.lead.value && model.linkSent.value !== 'sent' && (
          <button class={model.busy.value ? 'busy' : ''} aria-disabled={model.busy.value} onClick={() => void model.sendLink()}>
            {t(model.busy.value ? 'sending' : 'emailLink')}
          </button>
        )}
      </div>
      {model.linkSent.value === 'sent' && <p role="status">{t('linkSent')}</p>}
      {model.linkSent.value === 'failed' && <p class="notice" role="alert">{t('linkFailed')}</p>}
    </div>
  );
}
