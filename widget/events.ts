import type { SubmissionResponse } from '../shared/api.ts';

/**
 * The events the widget announces on `window` (SPEC §8), name → `detail`. Details carry
 * identifiers only, never answers or email addresses: analytics tags on the host page
 * read them.
 */
export interface UsherEvents {
  /** A widget loaded its form and shows the questions. */
  'usher:ready': { formId: string };
  /** The server answered a submission; `leadId` is absent for a disqualified prospect. */
  'usher:submitted': { formId: string; outcome: SubmissionResponse['outcome']; leadId?: string };
  'usher:disqualified': { formId: string; reason: string };
  'usher:booked': { formId: string; leadId: string; bookingId: string; start: string };
  /** Something failed; `formId` is absent when no widget is involved (a bad queue command). */
  'usher:error': { formId?: string; code: string; message: string };
}

export type UsherEventName = keyof UsherEvents;
export type Emit = <K extends UsherEventName>(name: K, detail: UsherEvents[K]) => void;

declare global {
  interface WindowEventMap {
    'usher:ready': CustomEvent<UsherEvents['usher:ready']>;
    'usher:submitted': CustomEvent<UsherEvents['usher:submitted']>;
    'usher:disqualified': CustomEvent<UsherEvents['usher:disqualified']>;
    'usher:booked': CustomEvent<UsherEvents['usher:booked']>;
    'usher:error': CustomEvent<UsherEvents['usher:error']>;
  }
  interface Window {
    dataLayer?: { push(entry: object): unknown };
  }
}

/** Dispatches `name` on `window` and pushes `{ event: name, ...detail }` to `dataLayer`. */
export const emit: Emit = (name, detail) => {
  try {
    window.dispatchEvent(new CustomEvent(name, { detail }));
    window.dataLayer?.push({ event: name, ...detail });
  } catch {
    // A broken tag manager on the host page must not break the widget.
  }
};

const report = (error: unknown) =>
  emit('usher:error', { code: 'widget_error', message: error instanceof Error ? error.message : String(error) });

/** `fn`, with anything it throws reported as `usher:error` instead of reaching the page. */
export const guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
  try {
    fn(...args);
  } catch (error) {
    report(error);
  }
};
