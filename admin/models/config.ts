import { request } from '../api/http.ts';
import type { AdminConfig } from '../../shared/admin-api.ts';
import { resource } from './resource.ts';

/** The loaded config and `usher check`'s warnings; the lead page reads routes and labels from it. */
export const config = resource<AdminConfig>();

/** Fetches the config unless it is here or on its way. */
export function ensureConfig(): void {
  if (!config.data.value && !config.loading.value) void config.load(() => request<AdminConfig>('/api/admin/config'));
}

/** Fetches it again (the Configuration page shows what the server has now). */
export function reloadConfig(): void {
  void config.load(() => request<AdminConfig>('/api/admin/config'));
}

type Obj = Record<string, unknown>;
const at = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Obj)[key] : undefined);

/** One form of the config, read defensively: the config is `unknown` in the contract. */
function form(formId: string): unknown {
  return at(at(config.data.value?.config, 'forms'), formId);
}

/** The form's routes, for printing the matched route's condition. */
export function formRoutes(formId: string): { when?: unknown }[] | undefined {
  const routes = at(form(formId), 'routes');
  return Array.isArray(routes) ? (routes as { when?: unknown }[]) : undefined;
}

/** A question's label in `language` (a label may be one text or a map by locale), or the answer id. */
export function questionLabel(formId: string, questionId: string, language: string): string {
  const questions = at(form(formId), 'questions');
  const question = Array.isArray(questions) ? questions.find((q) => at(q, 'id') === questionId) : undefined;
  const label = at(question, 'label');
  if (typeof label === 'string') return label;
  if (typeof label === 'object' && label !== null) {
    const texts = label as Record<string, string>;
    const key = Object.keys(texts).find((k) => k.split('-')[0]!.toLowerCase() === language) ?? ('en' in texts ? 'en' : Object.keys(texts)[0]);
    if (key) return texts[key]!;
  }
  return questionId;
}
