/**
 * Everything after the first step, in one module of its own: the steps' views and
 * styles, the model's actions for them (`model-steps.ts`), the shapes of their
 * responses, the attached form's take-over, and the marketer's console hint. The first
 * load carries only what shows the questions; this module is fetched while the
 * prospect types (`ui/lazy.tsx`), or at the latest by the first action that needs it.
 * English readers fetch the later steps' words beside it (`words.ts`).
 */
import { addStyles } from './element.ts';
import css from './ui/scheduler.css?inline';

addStyles(css);

export { handOver, takeOver } from './attach.ts';
export { hintAtOrigins } from './hint.ts';
export { stepsOf } from './model-steps.ts';
export { laterApi } from './api-later.ts';
export { laterWordsReady, loadLaterWords } from './words.ts';
export { Booked } from './ui/booked.tsx';
export { Confirm } from './ui/confirm.tsx';
export { NotAFit } from './ui/not-a-fit.tsx';
export { Slots } from './ui/slots.tsx';
export { Failure, NoAvailability } from './ui/status.tsx';
