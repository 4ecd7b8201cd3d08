import { signal } from '@preact/signals';
import type { FunctionComponent } from 'preact';
import { emit } from '../events.ts';
import { notLoaded, scheduler, type Scheduler } from '../later.ts';
import type { ViewProps } from './view.ts';

const loaded = signal<Scheduler | null>(null);
const failed = signal(false);

/**
 * Fetches the scheduler's module once, with the later steps' words for `locale` (null
 * when either failed; it may be tried again).
 */
export function loadScheduler(locale: string): Promise<Scheduler | null> {
  return scheduler().then((module) => module.loadLaterWords(locale).then(() => module)).then(
    (module) => {
      loaded.value = module;
      failed.value = false;
      return module;
    },
    (error: unknown) => {
      failed.value = true;
      emit('usher:error', notLoaded(error));
      return null;
    },
  );
}

export function Loading({ t }: ViewProps) {
  return <p class="muted" role="status">{t('loading')}</p>;
}

/**
 * A step after the questions: rendered once the scheduler's module is here, and until
 * then a loading note (or, when it could not be fetched, a way to try again; a request
 * that failed meanwhile is tried again with it). The widget renders from one signals
 * effect, so reading `loaded` here renders again when it arrives.
 */
export function lazyStep(name: 'Slots' | 'Confirm' | 'Booked' | 'NotAFit' | 'NoAvailability' | 'Failure'): FunctionComponent<ViewProps> {
  return (props) => {
    const module = loaded.value;
    if (module?.laterWordsReady(props.model.locale)) {
      const View = module[name];
      return <View {...props} />;
    }
    if (failed.value) {
      return (
        <div role="alert">
          <p>{props.t('errorGeneric')}</p>
          <button class="primary" onClick={() => void loadScheduler(props.model.locale).then(() => props.model.retry())}>{props.t('retry')}</button>
        </div>
      );
    }
    void loadScheduler(props.model.locale);
    return <Loading {...props} />;
  };
}
