import { Component, type FunctionComponent } from 'preact';
import { emit } from '../events.ts';
import { languageReady, translator, uiLanguage } from '../i18n.ts';
import type { Step, WidgetModel } from '../model.ts';
import { lazyStep, Loading } from './lazy.tsx';
import { Questions } from './questions.tsx';
import type { ViewProps } from './view.ts';

// One view for both: a message and the way back (the heading tells them apart).
const noSlots = lazyStep('NoAvailability');

const views: Record<Step, FunctionComponent<ViewProps>> = {
  loading: Loading,
  questions: Questions,
  not_a_fit: lazyStep('NotAFit'),
  no_availability: noSlots,
  known: noSlots,
  slots: lazyStep('Slots'),
  confirm: lazyStep('Confirm'),
  booked: lazyStep('Booked'),
  error: lazyStep('Failure'),
};

export interface AppProps {
  model: WidgetModel;
  /** Shows a close button that calls this (the popup). */
  onClose?: () => void;
}

/**
 * One widget: the current step's view inside a themed frame. It moves focus to each new
 * step's heading and catches render errors, so a bug shows a message instead of
 * throwing into the host page. A class, because hooks would cost the bundle a module.
 */
export class App extends Component<AppProps> {
  /** Focus follows the steps once the prospect has used the widget (a popup's dialog
   * focuses its close button on opening): moving it on page load would scroll the host
   * page to an inline widget. */
  used = false;
  step: Step | undefined;
  crashed = false;

  override componentDidCatch(error: unknown) {
    emit('usher:error', { formId: this.props.model.formId, code: 'render', message: String(error) });
    this.crashed = true;
    this.forceUpdate();
  }

  override componentDidUpdate() {
    const step = this.props.model.step.peek();
    if (this.used && step !== this.step) (this.base as Element).querySelector<HTMLElement>('h2')?.focus();
    this.step = step;
  }

  render({ model, onClose }: AppProps) {
    const t = translator(model.locale);
    const use = () => {
      this.used = true;
    };
    const theme: Record<string, string> = {};
    for (const [key, value] of Object.entries(model.form.value?.theme ?? {})) theme[`--usher-${key}`] = value;
    // Until the visitor's catalogue is here (fetched beside the form), the loading step.
    const step = languageReady(model.locale) ? model.step.value : 'loading';
    const View = views[step];
    return (
      <div class="usher" style={theme} lang={uiLanguage(model.locale)} onFocusCapture={use} onClickCapture={use}>
        {onClose && <button class="close" aria-label={t('close')} onClick={onClose}>×</button>}
        {/* Steps announce themselves by moving focus; this covers requests in flight. */}
        <p class="hidden" aria-live="polite">{model.busy.value ? t('loading') : ''}</p>
        {this.crashed
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
}
