import type { Config } from '../../shared/config.ts';
import { languageOf, localesOf, pickLocale, type LocalizedText } from '../../shared/locale.ts';
import { formatPath, type Problem } from './paths.ts';

type Site = { path: PropertyKey[]; text: LocalizedText | undefined };

/** Every prospect-facing text of the config, with its path. */
function textSites(config: Config): Site[] {
  const sites: Site[] = [];
  const add = (path: PropertyKey[], text: LocalizedText | undefined) => sites.push({ path, text });
  for (const [id, meeting] of Object.entries(config.meetingTypes)) add(['meetingTypes', id, 'title'], meeting.title);
  for (const [id, form] of Object.entries(config.forms)) {
    const at = ['forms', id];
    add([...at, 'title'], form.title);
    form.questions.forEach((q, i) => {
      add([...at, 'questions', i, 'label'], q.label);
      add([...at, 'questions', i, 'placeholder'], q.placeholder);
    });
    const page = (path: PropertyKey[], block: { title?: LocalizedText | undefined; message?: LocalizedText | undefined; links?: { label: LocalizedText }[] | undefined }) => {
      add([...path, 'title'], block.title);
      add([...path, 'message'], block.message);
      block.links?.forEach((link, i) => add([...path, 'links', i, 'label'], link.label));
    };
    page([...at, 'disqualified'], form.disqualified);
    for (const [reason, block] of Object.entries(form.disqualified.reasons)) page([...at, 'disqualified', 'reasons', reason], block);
    add([...at, 'noAvailability', 'message'], form.noAvailability.message);
  }
  return sites;
}

/**
 * Texts that readers of some locale would see in another language: a locale is used by
 * some text of the config, and another text given by locale has neither it nor its
 * language. Warnings, not errors: those readers still get a text (SPEC §2's fallback).
 */
export function missingTranslations(config: Config): Problem[] {
  const sites = textSites(config).filter((site) => localesOf(site.text).length > 0);
  const wanted = [...new Set(sites.flatMap((site) => localesOf(site.text)))].sort();
  const fallback = config.organization.locale;
  const problems: Problem[] = [];
  for (const site of sites) {
    const keys = localesOf(site.text);
    const missing = wanted.filter((tag) => {
      const got = pickLocale(keys, tag, fallback);
      return got !== tag && got !== languageOf(tag);
    });
    for (const tag of missing) {
      problems.push({
        path: formatPath(site.path),
        message: `no "${tag}" text, though other texts have one; "${tag}" readers see the "${pickLocale(keys, tag, fallback)}" text`,
      });
    }
  }
  return problems;
}
