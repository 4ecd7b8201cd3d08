/**
 * The English words of the steps after the questions (see `../messages.ts`): a module
 * of its own, fetched by English readers with the scheduler's module. Readers of another
 * language have these words in their own catalogue and never fetch this one.
 */
export const later = {
  required: 'This field is required.',
  email: 'Enter a valid email address.',
  sending: 'Sending…',
  errorNetwork: 'We could not reach the booking service. Check your connection and try again.',
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
  booking: 'Booking…',
  backToAnswers: 'Change answers',
  errorBusy: 'We are very busy right now. Please try again in a moment.',
  errorRateLimited: 'You have already sent this form several times. Check your inbox for the links we sent, or try again later.',
  errorRejected: 'This form needs a fresh start. Your answers are kept; please send it again.',
  errorAlreadyBooked: 'You already have a meeting booked for this request. The invitation is in your inbox.',
  errorSlotGone: 'That time can no longer be booked. Please pick another.',
  errorUnavailable: 'This form is not available right now.',
  backToForm: 'Back to the form',
  pickAnother: 'Pick another time',
};
