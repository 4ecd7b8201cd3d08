import { effect } from '@preact/signals';
import { guard } from './events.ts';
import type { Widget } from './element.ts';
import type { WidgetModel } from './model.ts';

/**
 * An attached site form's part after its submit event (`Usher.attach` in main.ts keeps
 * only what must run at once): its answers into the popup's widget, and the site
 * form's own submission once Usher is done with the lead. In the scheduler's module.
 */

const handed = new WeakSet<HTMLFormElement>();

/**
 * Sends the site form's answers (renamed by `fields`, question id → field name) as the
 * widget's, once its form is loaded; a form that could not load at attach time (offline
 * then) is asked for again.
 */
export function takeOver(form: HTMLFormElement, { model, loaded }: Widget, fields: Record<string, string>, submitSiteForm: boolean): void {
  if (submitSiteForm) handOver(form, model);
  const questionOf = Object.fromEntries(Object.entries(fields).map(([question, field]) => [field, question]));
  const answers: Record<string, string> = {};
  new FormData(form).forEach((value, name) => {
    if (typeof value === 'string') answers[questionOf[name] ?? name] = value;
  });
  const ready = model.step.peek() === 'error' ? model.retry() : loaded;
  void ready.then(() => {
    // The answers the form asks; the site form's other fields stay its own.
    for (const question of model.form.peek()?.questions ?? []) if (Object.hasOwn(answers, question.id)) model.setAnswer(question.id, answers[question.id]!);
    return model.submit();
  });
}

let frames = 0;

/**
 * Submits an attached site form the way the site meant, once Usher is done with the
 * lead. Not a fit: to its action at once, as if Usher were not there (unless the config
 * redirects such prospects, which wins). Booked, or nobody free: into a hidden frame, so
 * the site's endpoint gets the record and the prospect stays on the widget's last step. `HTMLFormElement.prototype.submit` fires no submit
 * event (so Usher does not take it over again) and works even when a field is named
 * "submit".
 */
export function handOver(form: HTMLFormElement, model: WidgetModel): void {
  // Once per form, however often it is taken over or prefetched.
  if (handed.has(form)) return;
  handed.add(form);
  let done = false;
  const stop = effect(() => {
    const now = model.step.value;
    if (done || (now !== 'booked' && now !== 'no_availability' && now !== 'known' && now !== 'not_a_fit')) return;
    done = true;
    // After this effect run: a native submission may leave the page at once.
    queueMicrotask(guard(() => {
      stop();
      if (now === 'not_a_fit' && model.notAFit.peek()?.page) return HTMLFormElement.prototype.submit.call(form);
      const frame = document.createElement('iframe');
      frame.name = `usher-site-form-${++frames}`;
      frame.hidden = true;
      frame.title = 'Site form';
      document.body.append(frame);
      const target = form.getAttribute('target');
      form.target = frame.name;
      HTMLFormElement.prototype.submit.call(form);
      if (target === null) form.removeAttribute('target');
      else form.target = target;
    }));
  });
}
