import { signal } from '@preact/signals';
import type { FunctionComponent } from 'preact';
import { emit } from '../events.ts';
import type * as SchedulerModule from '../scheduler.ts';
import type { ViewProps } from './view.ts';

type Scheduler = typeof SchedulerModule;

const scheduler = signal<Scheduler | null>(null);
const failed = signal(false);
let fetching: Promise<Scheduler> | null = null;

/**
 * Fetches the scheduler's module once, with the later steps' words for `locale` (null
 * when either failed; it may be tried again).
 */
export function loadScheduler(locale: string): Promise<Scheduler | null> {
  fetching ??= import('../scheduler.ts');
  return fetching.then((module) => module.loadLaterWords(locale).then(() => module)).then(
    (module) => {
      scheduler.value = module;
      failed.value = false;
      return module;
    },
    (error: unknown) => {
      fetching = null;
      failed.value = true;
      emit('usher:error', { code: 'network', message: `the scheduler could not be loaded: ${String(error)}` });
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
 * effect, so reading `scheduler` here renders again when it arrives.
 */
export function lazyStep(name: 'Slots' | 'Confirm' | 'Booked' | 'NotAFit' | 'NoAvailability' | 'Failure'): FunctionComponent<ViewProps> {
  return (props) => {
    const module = scheduler.value;
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
