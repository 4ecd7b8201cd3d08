import { signal } from '@preact/signals';
import type { FunctionComponent } from 'preact';
import { emit } from '../events.ts';
import type * as SchedulerModule from './scheduler.ts';
import type { ViewProps } from './view.ts';

type Scheduler = typeof SchedulerModule;

const scheduler = signal<Scheduler | null>(null);
const failed = signal(false);
let loading: Promise<void> | null = null;

/** Fetches the scheduler's module once; a failed fetch may be tried again. */
export function loadScheduler(): Promise<void> {
  loading ??= import('./scheduler.ts').then(
    (module) => {
      scheduler.value = module;
      failed.value = false;
    },
    (error: unknown) => {
      loading = null;
      failed.value = true;
      emit('usher:error', { code: 'network', message: `the scheduler could not be loaded: ${String(error)}` });
    },
  );
  return loading;
}

/**
 * A step of the scheduler: rendered once its module is here, and until then a loading
 * note (or, when it could not be fetched, a way to try again). The widget renders from
 * one signals effect, so reading `scheduler` here renders again when it arrives.
 */
export function lazyStep(name: 'Slots' | 'Confirm' | 'Booked'): FunctionComponent<ViewProps> {
  return (props) => {
    const module = scheduler.value;
    if (module) {
      const View = module[name];
      return <View {...props} />;
    }
    if (failed.value) {
      return (
        <div role="alert">
          <p>{props.t('errorNetwork')}</p>
          <button class="primary" onClick={() => void loadScheduler()}>{props.t('retry')}</button>
        </div>
      );
    }
    void loadScheduler();
    return <p class="muted" role="status">{props.t('loading')}</p>;
  };
}
