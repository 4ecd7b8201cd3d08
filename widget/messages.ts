/**
 * Every string the widget shows. English is the reference catalogue: the others must
 * have the same keys (the `Messages` type checks that). `{name}` marks a placeholder.
 * Keep them short: every language travels in the bundle to every page.
 */
export const en = {
  loading: 'Loading…',
  optional: '(optional)',
  continue: 'Continue',
  required: 'This field is required.',
  email: 'Enter a valid email address.',
  pickTime: 'Pick a time',
  timeZone: 'Time zone',
  previousMonth: 'Previous month',
  nextMonth: 'Next month',
  noTimesOnDay: 'no times',
  noTimesThisMonth: 'No times this month. Try the next one.',
  slotTaken: 'That time was just taken. Please pick another.',
  confirmTitle: 'Confirm your meeting',
  withHost: 'With {name}',
  book: 'Book',
  back: 'Back',
  bookedTitle: 'You are booked',
  addToCalendar: 'Add to calendar',
  inviteSent: 'The invitation is on its way to {email}.',
  manage: 'Manage booking',
  noSlotsTitle: 'No times available',
  noSlots: 'Our team will be in touch soon.',
  errorTitle: 'Something went wrong',
  errorGeneric: 'Please check your connection and try again.',
  retry: 'Try again',
  close: 'Close',
  sending: 'Sending…',
  booking: 'Booking…',
  backToAnswers: 'Change answers',
  errorNetwork: 'We could not reach the booking service. Check your connection and try again.',
  errorBusy: 'We are very busy right now. Please try again in a moment.',
  errorRateLimited: 'You have already sent this form several times. Check your inbox for the links we sent, or try again later.',
  errorRejected: 'This form needs a fresh start. Your answers are kept; please send it again.',
  errorAlreadyBooked: 'You already have a meeting booked for this request. The invitation is in your inbox.',
  errorSlotGone: 'That time can no longer be booked. Please pick another.',
  errorUnavailable: 'This form is not available right now.',
  backToForm: 'Back to the form',
  pickAnother: 'Pick another time',
};

export type MessageId = keyof typeof en;
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
