import type { ComponentChildren } from 'preact';

/** An option of a {@link Select}. */
export type Option = { value: string; label: string };

/**
 * A labelled select, uncontrolled: `value` picks the option shown first and the form is
 * read on submit. `any` is a first, empty option ("Any"), left out of the query.
 */
export function Select({ label, name, value, options, any }: { label: string; name: string; value?: string | undefined; options: readonly Option[]; any?: string }) {
  return (
    <label>
      {label}
      <select name={name}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => <option key={o.value} value={o.value} selected={o.value === value}>{o.label}</option>)}
      </select>
    </label>
  );
}

/** A labelled input whose first value is `value`. */
export function Input({ label, name, type = 'text', value, ...rest }: { label: string; name: string; type?: string; value?: string | undefined; required?: boolean; maxLength?: number; autoComplete?: string }) {
  return (
    <label>
      {label}
      <input name={name} type={type} defaultValue={value ?? ''} {...rest} />
    </label>
  );
}

/** A filter form: fields in a wrapping row, the submit button last. */
export function FilterForm({ label, onSubmit, children, busy, submit, busyLabel }: {
  label: string; onSubmit: (event: Event) => void; children: ComponentChildren; busy: boolean; submit: string; busyLabel: string;
}) {
  return (
    <form class="filters" aria-label={label} onSubmit={onSubmit}>
      {children}
      <button type="submit" disabled={busy}>{busy ? busyLabel : submit}</button>
    </form>
  );
}
