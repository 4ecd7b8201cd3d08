import { t } from '../i18n.ts';
import { config } from '../models/config.ts';
import { Scroll } from '../components/scroll.tsx';
import { LoadStatus } from '../components/status.tsx';

/** The loaded config and what `usher check` says of it. */
export function ConfigPage() {
  const c = config.data.value;
  return (
    <>
      <h1>{t('nav_config')}</h1>
      <section aria-busy={config.loading.value} aria-label={t('results')}>
        <LoadStatus of={config} />
        {c && (
          <>
            <h2>{t('warnings')}</h2>
            {c.warnings.length === 0 ? <p>{t('noProblems')}</p> : <ul>{c.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>}
            <h2>{t('loadedConfig')}</h2>
            <Scroll label={t('loadedConfig')}>
              <pre>{JSON.stringify(c.config, null, 2)}</pre>
            </Scroll>
          </>
        )}
      </section>
    </>
  );
}
