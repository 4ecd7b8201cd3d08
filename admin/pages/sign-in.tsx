import { t } from '../i18n.ts';
import { signIn, signingIn, signInError } from '../models/session.ts';
import { formValues } from '../components/form-values.ts';

/** The admin token form, shown whenever there is no session. */
export function SignInPage() {
  return (
    <main id="main" class="sign-in">
      <h1>{t('signInTitle')}</h1>
      <form onSubmit={(e) => void signIn(formValues(e).token ?? '')}>
        <label>
          {t('adminToken')}
          <input name="token" type="password" required autoComplete="current-password" />
        </label>
        <button type="submit" disabled={signingIn.value}>{signingIn.value ? t('signingIn') : t('signIn')}</button>
        <div role="alert" class="error">{signInError.value ?? ''}</div>
      </form>
    </main>
  );
}
