import type { later } from './messages/en.ts';

/**
 * Every string the widget shows. English is the reference catalogue, in two halves:
 * the words of the first step here, and those of the steps after it in
 * `messages/en.ts`, fetched with the scheduler's module. The other catalogues
 * must have every key of both (the `Messages` type checks that). `{name}` marks a
 * placeholder. Keep them short.
 */
export const en = {
  loading: 'Loading…',
  optional: '(optional)',
  continue: 'Continue',
  errorTitle: 'Something went wrong',
  errorGeneric: 'Please check your connection and try again.',
  retry: 'Try again',
  close: 'Close',
};

export type MessageId = keyof typeof en | keyof typeof later;
export type Messages = Record<MessageId, string>;

/**
 * The other catalogues, each a module fetched only by a visitor who reads it (while the
 * form itself is being fetched), so English readers carry none of them.
 */
export const otherCatalogues: Readonly<Record<string, () => Promise<{ default: Messages }>>> = {
  de: () => import('./messages/de.ts'),
  fr: () => import('./messages/fr.ts'),
  es: () => import('./messages/es.ts'),
};
