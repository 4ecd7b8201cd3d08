import { t } from './i18n.ts';
import { route } from './models/route.ts';
import { phase } from './models/session.ts';
import { Layout } from './components/layout.tsx';
import { AvailabilityPage } from './pages/availability.tsx';
import { BookingsPage } from './pages/bookings.tsx';
import { CalendarsPage } from './pages/calendars.tsx';
import { ConfigPage } from './pages/config.tsx';
import { DeliveryPage } from './pages/delivery.tsx';
import { DistributionPage } from './pages/distribution.tsx';
import { LeadPage } from './pages/lead.tsx';
import { LeadsPage } from './pages/leads.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { SimulatePage } from './pages/simulate.tsx';

const PAGES = {
  leads: LeadsPage, lead: LeadPage, distribution: DistributionPage, availability: AvailabilityPage, bookings: BookingsPage,
  calendars: CalendarsPage, delivery: DeliveryPage, simulate: SimulatePage, config: ConfigPage,
};

/** The console: the sign-in form without a session, else the page the hash names. */
export function App() {
  if (phase.value === 'checking') return <main id="main"><p role="status">{t('loading')}</p></main>;
  if (phase.value === 'signedOut') return <SignInPage />;
  const Page = PAGES[route.value.page];
  return <Layout><Page /></Layout>;
}
