/** Placeholder values for a message: `{name}` in the text is replaced by `values.name`. */
export type Values = Record<string, string | number>;

/** Looks up a message by id and fills its placeholders. */
export type Translate<K extends string = string> = (id: K, values?: Values) => string;

/**
 * The catalogue to show: the first wanted tag whose language (`de-AT` → `de`) has a
 * catalogue, else English, so an unknown or missing browser language is never an error.
 */
export function pickLanguage(wanted: readonly (string | null | undefined)[], available: readonly string[]): string {
  for (const tag of wanted) {
    if (!tag) continue;
    const language = tag.split(/[-_]/)[0]!.toLowerCase();
    if (available.includes(language)) return language;
  }
  return 'en';
}

/** `template` with each `{name}` replaced; unknown placeholders stay visible so a typo shows. */
export function fill(template: string, values?: Values): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/** A translator over `messages`, falling back to `fallback` (English) for an empty entry. */
export function translator<K extends string>(messages: Readonly<Record<K, string>>, fallback: Readonly<Record<K, string>>): Translate<K> {
  return (id, values) => fill(messages[id] || fallback[id], values);
}
