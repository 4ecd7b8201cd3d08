import type { FunctionComponent } from 'preact';
import { useEffect, useErrorBoundary, useRef } from 'preact/hooks';
import { emit } from '../events.ts';
import { translator, uiLanguage, type Translate } from '../i18n.ts';
import type { Step, WidgetModel } from '../model.ts';
import { Booked } from './booked.tsx';
import { Confirm } from './confirm.tsx';
import { NotAFit } from './not-a-fit.tsx';
import { Questions } from './questions.tsx';
import { Slots } from './slots.tsx';
import { Failure, Loading, NoAvailability } from './status.tsx';
import type { ViewProps } from './view.ts';

const views: Record<Step, FunctionComponent<ViewProps>> = {
  loading: Loading,
  questions: Questions,
  not_a_fit: NotAFit,
  no_availability: NoAvailability,
  slots: Slots,
  confirm: Confirm,
  booked: Booked,
  error: Failure,
};

/**
 * What the polite live region says while a request is in flight. Changes that come with
 * a step move focus to its heading instead; the slot-taken notice is an alert.
 */
function announcement(model: WidgetModel, t: Translate): string {
  if (!model.busy.value) return '';
  return t(model.step.value === 'confirm' ? 'booking' : 'sending');
}

/** One widget: the current step's view inside a themed, focus-managing frame. */
export function App({ model }: { model: WidgetModel }) {
  const t = translator(model.locale);
  const frame = useRef<HTMLDivElement>(null);
  // Focus follows the steps only once the prospect has used the widget: moving it on
  // page load would scroll the host page to the widget.
  const used = useRef(false);
  const step = model.step.value;
  useEffect(() => {
    if (used.current) frame.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [step]);
  const [crash] = useErrorBoundary((error: unknown) => {
    emit('usher:error', { formId: model.formId, code: 'render', message: String(error) });
  });

  const theme: Record<string, string> = {};
  for (const [key, value] of Object.entries(model.form.value?.theme ?? {})) theme[`--usher-${key}`] = value;
  const View = views[step];
  return (
    <div class="usher" ref={frame} style={theme} lang={uiLanguage(model.locale)} onClickCapture={() => { used.current = true; }}>
      <p class="visually-hidden" aria-live="polite">{announcement(model, t)}</p>
      {crash
        ? (
          <div data-step="error" role="alert">
            <h2>{t('errorTitle')}</h2>
            <p>{t('errorGeneric')}</p>
          </div>
        )
        : <div data-step={step} aria-busy={step === 'loading'}><View model={model} t={t} /></div>}
    </div>
  );
}
