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
  moreDays: 'More days',
  noMoreDays: 'No more times.',
  slotTaken: 'That time was just taken. Please pick another.',
  confirmTitle: 'Confirm your meeting',
  withHost: 'With {name}',
  book: 'Book',
  back: 'Back',
  bookedTitle: 'You are booked',
  addToCalendar: 'Add to calendar',
  manage: 'Manage booking',
  noSlotsTitle: 'No times available',
  noSlots: 'Our team will be in touch soon.',
  errorTitle: 'Something went wrong',
  errorGeneric: 'Please check your connection and try again.',
  retry: 'Try again',
  close: 'Close',
};

export type MessageId = keyof typeof en;
export type Messages = Record<MessageId, string>;

const de: Messages = {
  loading: 'Wird geladen…',
  optional: '(optional)',
  continue: 'Weiter',
  required: 'Pflichtfeld.',
  email: 'Bitte eine gültige E-Mail-Adresse angeben.',
  pickTime: 'Termin wählen',
  timeZone: 'Zeitzone',
  moreDays: 'Weitere Tage',
  noMoreDays: 'Keine weiteren Termine.',
  slotTaken: 'Dieser Termin wurde gerade vergeben. Bitte wählen Sie einen anderen.',
  confirmTitle: 'Termin bestätigen',
  withHost: 'Mit {name}',
  book: 'Buchen',
  back: 'Zurück',
  bookedTitle: 'Ihr Termin ist gebucht',
  addToCalendar: 'Zum Kalender hinzufügen',
  manage: 'Buchung verwalten',
  noSlotsTitle: 'Keine Termine frei',
  noSlots: 'Unser Team meldet sich bald bei Ihnen.',
  errorTitle: 'Etwas ist schiefgelaufen',
  errorGeneric: 'Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  retry: 'Erneut versuchen',
  close: 'Schließen',
};

const fr: Messages = {
  loading: 'Chargement…',
  optional: '(facultatif)',
  continue: 'Continuer',
  required: 'Champ obligatoire.',
  email: 'Adresse e-mail invalide.',
  pickTime: 'Choisissez un créneau',
  timeZone: 'Fuseau horaire',
  moreDays: 'Plus de jours',
  noMoreDays: 'Aucun autre créneau.',
  slotTaken: 'Ce créneau vient d’être pris. Choisissez-en un autre.',
  confirmTitle: 'Confirmez votre rendez-vous',
  withHost: 'Avec {name}',
  book: 'Réserver',
  back: 'Retour',
  bookedTitle: 'Votre rendez-vous est réservé',
  addToCalendar: 'Ajouter au calendrier',
  manage: 'Gérer la réservation',
  noSlotsTitle: 'Aucun créneau libre',
  noSlots: 'Notre équipe vous contactera bientôt.',
  errorTitle: 'Une erreur est survenue',
  errorGeneric: 'Vérifiez votre connexion et réessayez.',
  retry: 'Réessayer',
  close: 'Fermer',
};

const es: Messages = {
  loading: 'Cargando…',
  optional: '(opcional)',
  continue: 'Continuar',
  required: 'Campo obligatorio.',
  email: 'Correo electrónico no válido.',
  pickTime: 'Elige una hora',
  timeZone: 'Zona horaria',
  moreDays: 'Más días',
  noMoreDays: 'No hay más horas.',
  slotTaken: 'Esa hora se acaba de reservar. Elige otra.',
  confirmTitle: 'Confirma tu reunión',
  withHost: 'Con {name}',
  book: 'Reservar',
  back: 'Volver',
  bookedTitle: 'Tu reunión está reservada',
  addToCalendar: 'Añadir al calendario',
  manage: 'Gestionar la reserva',
  noSlotsTitle: 'No hay horas libres',
  noSlots: 'Nuestro equipo te contactará pronto.',
  errorTitle: 'Algo salió mal',
  errorGeneric: 'Revisa tu conexión e inténtalo de nuevo.',
  retry: 'Reintentar',
  close: 'Cerrar',
};

/** The catalogues by language subtag. */
export const catalogues: Record<string, Messages> = { en, de, fr, es };
