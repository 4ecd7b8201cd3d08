/**
 * The text fields of a submitted form by name, with the page left as it is: filter
 * forms are read once, on submit, so no field needs state of its own.
 */
export function formValues(event: Event): Record<string, string> {
  event.preventDefault();
  const values: Record<string, string> = {};
  new FormData(event.currentTarget as HTMLFormElement).forEach((value, key) => {
    if (typeof value === 'string') values[key] = value;
  });
  return values;
}
