/**
 * Every string the widget shows, keyed by message id, plus `Intl` formatting in the
 * prospect's zone and locale. English is the reference catalogue: other languages are
 * `Messages` objects added to `catalogues`, and `messagesFor` picks the closest one.
 */

export const en = {
  loading: 'Loading…',
  optional: '(optional)',
  choose: 'Choose…',
  continue: 'Continue',
  sending: 'Sending…',
  required: 'Please fill in this field.',
  email: 'Please enter a valid email address.',
  pickTime: 'Pick a time',
  zone: 'Times shown in {zone}',
  slotTaken: 'That time was just taken, please pick another.',
  confirmTitle: 'Confirm your meeting',
  minutes: '{n} min',
  withHost: 'With {name}',
  book: 'Book',
  booking: 'Booking…',
  back: 'Back',
  bookedTitle: 'You are booked',
  addToCalendar: 'Add to calendar',
  manage: 'Manage booking',
  noSlotsTitle: 'No times available right now',
  noSlots: 'Our team will be in touch soon.',
  redirecting: 'Taking you to the next page…',
  errorTitle: 'Something went wrong',
  errorNetwork: 'We could not reach the server. Check your connection and try again.',
  errorNotFound: 'This form could not be found.',
  errorGeneric: 'Please try again in a moment.',
  retry: 'Try again',
};

export type MessageId = keyof typeof en;
export type Messages = Record<MessageId, string>;
/** Looks up a message and fills its `{name}` placeholders. */
export type Translate = (id: MessageId, values?: Record<string, string | number>) => string;

const catalogues: Record<string, Messages> = { en };

/**
 * The browser's BCP 47 tag in canonical form, or English when it is malformed or longer
 * than the API accepts. Dates and country names use it even where no catalogue exists.
 */
export function supportedLocale(locale: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    return canonical && canonical.length <= 35 ? canonical : 'en';
  } catch {
    return 'en';
  }
}

/** The catalogue `locale` is shown in: the exact tag, then its language, then English. */
export function uiLanguage(locale: string): string {
  if (catalogues[locale]) return locale;
  const language = locale.split('-')[0] ?? '';
  return catalogues[language] ? language : 'en';
}

/** A translator for `locale`, in the catalogue `uiLanguage` picks. */
export function translator(locale: string): Translate {
  const messages = catalogues[uiLanguage(locale)] ?? en;
  return (id, values) =>
    messages[id].replace(/\{(\w+)\}/g, (match, name: string) => String(values?.[name] ?? match));
}

/** Date and time formatting for one locale and zone. */
export interface DateFormats {
  /** Day heading: weekday, day and month, e.g. "Monday, 12 May". */
  day(instant: string): string;
  /** Clock time, e.g. "9:30 AM". */
  time(instant: string): string;
  /** A time range on one day, e.g. "9:30 – 10:00 AM". */
  range(start: string, end: string): string;
}

/** Formatters for `locale` in `timeZone`; `locale` must be a canonical tag. */
export function dateFormats(locale: string, timeZone: string): DateFormats {
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' });
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' });
  return {
    day: (instant) => day.format(new Date(instant)),
    time: (instant) => time.format(new Date(instant)),
    range: (start, end) => time.formatRange(new Date(start), new Date(end)),
  };
}

/** Country select options from ISO 3166-1 alpha-2 codes, named and sorted for `locale`. */
export function countryOptions(codes: readonly string[], locale: string): { value: string; label: string }[] {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    // Unknown locale data: show the codes rather than nothing.
  }
  const name = (code: string) => {
    try {
      return names?.of(code) ?? code;
    } catch {
      return code;
    }
  };
  const collator = new Intl.Collator(locale);
  return codes
    .map((code) => ({ value: code, label: name(code) }))
    .sort((a, b) => collator.compare(a.label, b.label));
}
