/**
 * English: every fixed text the server writes to prospects and reps, and the keys every
 * other catalogue must have. `{name}` placeholders are filled in by `translatorFor`.
 */
export const en = {
  'mail.greeting': 'Hello {name},',
  'mail.subject.created': 'Invitation: {title} with {name}, {when}',
  'mail.subject.rescheduled': 'Updated invitation: {title} with {name}, now {when}',
  'mail.subject.canceled': 'Canceled: {title} with {name}, {when}',
  'mail.created.rep': 'A new {title} with {who} is booked.',
  'mail.created.prospect': 'Your {title} with {who} is booked.',
  'mail.rescheduled': 'Your {title} with {who} has moved to a new time.',
  'mail.canceled': 'Your {title} with {who} is canceled.',
  'mail.when': 'When',
  'mail.was': 'Was',
  'mail.where': 'Where',
  'mail.reason': 'Reason',
  'mail.answers': 'Answers',
  'mail.manage': 'Reschedule or cancel',
  'mail.details': 'Details',

  'invite.summary': '{title} with {prospect} and {rep}.',
  'invite.canceled': 'This meeting was canceled.',
  'invite.join': 'Join',
  'invite.phone': 'Phone call',

  'page.notFound': 'Not found',
  'page.badLink': 'This link is not valid.',
  'page.noForm': 'There is no such form.',
  'landing.title': '{organization}: book a demo',
  'landing.intro': 'Analytics your whole company can trust. Tell us a little about your team and pick a time that suits you.',
  'notAFit.title': 'Thanks for your interest',
  'noAvailability.message': 'Our team will email you within one business day.',

  'manage.meeting': 'Your meeting',
  'manage.ourTeam': 'our team',
  'manage.with': 'With {host} · {state}',
  'manage.confirmed': 'Confirmed',
  'manage.past': 'Taken place',
  'manage.canceledState': 'Canceled',
  'manage.reason': 'Reason: {reason}',
  'manage.addToCalendar': 'Add to calendar (.ics)',
  'manage.moveTitle': 'Pick another time',
  'manage.newTime': 'New time, shown in {zone}',
  'manage.move': 'Move my meeting',
  'manage.noTimes': 'No other times are free at the moment. Please try again later.',
  'manage.cancelTitle': 'Cancel the meeting',
  'manage.cancelReason': 'Reason (optional)',
  'manage.cancel': 'Cancel my meeting',
  'manage.done.rescheduled': 'Your meeting was moved. You and your host each get an updated invitation.',
  'manage.done.canceled': 'Your meeting is canceled. You and your host each get a cancellation.',
  'manage.error.slot_taken': 'That time was just taken; please pick another.',
  'manage.error.slot_not_offered': 'That time is not one of the free times. Please pick one from the list.',
  'manage.error.invalid_request': 'Pick one of the times in the list.',
  'manage.error.booking_canceled': 'This meeting was canceled. Please book a new one instead.',
  'manage.error.booking_started': 'This meeting has already started and can no longer be changed.',
  'manage.error.not_schedulable': 'This meeting can no longer be moved online. Please cancel it and book a new one.',
  'manage.error.booking_limit_reached': 'This meeting has been moved too often. Please cancel it and book a new one, or reply to the invitation.',
  'manage.error.other': 'That did not work. Please try again.',
} as const;

/** A catalogue: every key English has, each a string. A missing key is a type error. */
export type Messages = { readonly [K in keyof typeof en]: string };
export type MessageId = keyof typeof en;
