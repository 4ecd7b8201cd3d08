import type { ApiError } from './api.ts';
import type * as SchedulerModule from './scheduler.ts';

export type Scheduler = typeof SchedulerModule;

let fetching: Promise<Scheduler> | undefined;

/**
 * The scheduler's module (everything after the first step), fetched once however many
 * parts of the first module ask for it; a failed fetch may be tried again.
 */
export function scheduler(): Promise<Scheduler> {
  return (fetching ??= import('./scheduler.ts').catch((error: unknown) => {
    fetching = undefined;
    throw error;
  }));
}

/** What the prospect is told when it could not be fetched: a network error, to try again. */
export const notLoaded = (reason: unknown): ApiError => ({ code: 'network', message: `the scheduler could not be loaded: ${String(reason)}` });
