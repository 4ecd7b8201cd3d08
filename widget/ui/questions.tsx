import { loadScheduler } from './lazy.tsx';
import { answerLimit } from '../../shared/answer-limits.ts';
import type { QuestionView } from '../../shared/api.ts';
import { countryOptions, type Translate } from '../i18n.ts';
import type { FieldError } from '../model.ts';
import { Heading } from './heading.tsx';
import type { ViewProps } from './view.ts';

const inputTypes: Partial<Record<QuestionView['type'], string>> = { email: 'email', phone: 'tel' };
const autoComplete: Partial<Record<QuestionView['type'], string>> = { ...inputTypes, country: 'country' };

interface FieldProps {
  question: QuestionView;
  value: string;
  error: FieldError | undefined;
  locale: string;
  t: Translate;
  onInput(value: string): void;
}

function Field({ question, value, error, locale, t, onInput }: FieldProps) {
  const id = `usher-${question.id}`;
  const errorId = `${id}-error`;
  const options = question.type === 'country'
    ? countryOptions(question.options ?? [], locale)
    : (question.options ?? []).map((option) => ({ value: option, label: option }));
  const common = {
    id,
    name: question.id,
    value,
    required: question.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value),
  };
  const control = question.type === 'textarea'
    ? <textarea {...common} rows={4} maxLength={answerLimit(question.type)} placeholder={question.placeholder} />
    : question.type === 'select' || question.type === 'country'
      ? (
        <select {...common} autoComplete={autoComplete[question.type]}>
          <option value="" />
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      )
      : (
        <input
          {...common}
          type={inputTypes[question.type] ?? 'text'}
          autoComplete={autoComplete[question.type]}
          maxLength={answerLimit(question.type)}
          placeholder={question.placeholder}
        />
      );
  return (
    <div class="field">
      <label for={id}>
        {question.label}
        {!question.required && <span class="muted"> {t('optional')}</span>}
      </label>
      {control}
      {error && <p id={errorId} class="error">{error.code === 'invalid' ? error.message : t(error.code)}</p>}
    </div>
  );
}

/** The form's questions; submitting validates, then sends, and focus goes to the first field in error. */
export function Questions({ model, t }: ViewProps) {
  const form = model.form.value;
  if (!form) return null;
  return (
    <form
      noValidate
      // Once the prospect is in the form, the steps' module comes.
      onFocusCapture={() => void loadScheduler(model.locale)}
      onSubmit={(event) => {
        event.preventDefault();
        const element = event.currentTarget;
        // The model re-renders synchronously, so the errors are on the page once this settles.
        void model.submit().then(() => element.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      }}
    >
      <Heading>{form.title}</Heading>
      {/* A field people never see or reach; form-filling bots fill it and are refused. */}
      <div class="hidden" aria-hidden="true">
        <input name="website" tabIndex={-1} autoComplete="off" onInput={(event) => model.setTrap(event.currentTarget.value)} />
      </div>
      {form.questions.map((question) => (
        <Field
          key={question.id}
          question={question}
          value={model.answers.value[question.id] ?? ''}
          error={model.fieldErrors.value[question.id]}
          locale={model.locale}
          t={t}
          onInput={(value) => {
            model.setAnswer(question.id, value);
            // While the prospect types (a browser's autofill focuses nothing), the steps' module comes.
            void loadScheduler(model.locale);
          }}
        />
      ))}
      <button type="submit" class={model.busy.value ? 'primary busy' : 'primary'} aria-disabled={model.busy.value}>
        {t(model.busy.value ? 'sending' : 'continue')}
      </button>
    </form>
  );
}
