/**
 * The steps after the questions, in a module of their own: a prospect who is not a fit
 * never loads them, and the others fetch them while typing (`./lazy.ts`).
 */
import { addStyles } from '../element.ts';
import css from './scheduler.css?inline';

addStyles(css);

export { Booked } from './booked.tsx';
export { Confirm } from './confirm.tsx';
export { Slots } from './slots.tsx';
