import type { Config, Form, MeetingType, Rep } from '../../shared/config.ts';
import { compileSchedule, type Schedule } from '../availability/working-hours.ts';
import { configuredSources, type ConfiguredSource } from '../calendars/sources.ts';
import type { SlotRules } from '../availability/slots.ts';
import { indexAccounts, type EnrichmentData } from '../lead/enrich.ts';
import { COUNTRY_REGIONS, FREE_MAIL_DOMAINS } from '../lead/reference-data.ts';

/**
 * The checked config plus what is derived from it once at start-up (compiled
 * schedules, the account index), so requests never re-derive them.
 */
export type Catalog = {
  config: Config;
  reps: ReadonlyMap<string, Rep>;
  schedules: ReadonlyMap<string, Schedule>;
  enrichment: EnrichmentData;
  /** Each rep's calendars (SPEC §11), for reps that have any. */
  calendarSources: ReadonlyMap<string, readonly ConfiguredSource[]>;
};

export function buildCatalog(config: Config): Catalog {
  return {
    config,
    reps: new Map(config.reps.map((rep) => [rep.id, rep])),
    schedules: new Map(config.reps.map((rep) => [rep.id, compileSchedule(rep)])),
    enrichment: {
      accountsByDomain: indexAccounts(config.accounts),
      freeMailDomains: FREE_MAIL_DOMAINS,
      countryRegions: COUNTRY_REGIONS,
    },
    calendarSources: configuredSources(config),
  };
}

export function slotRules(meeting: MeetingType): SlotRules {
  return {
    durationMinutes: meeting.durationMinutes,
    stepMinutes: meeting.slotStepMinutes ?? meeting.durationMinutes,
    bufferBeforeMinutes: meeting.bufferBeforeMinutes,
    bufferAfterMinutes: meeting.bufferAfterMinutes,
    minimumNoticeMinutes: meeting.minimumNoticeMinutes,
    horizonDays: meeting.horizonDays,
  };
}

export function meetingOf(catalog: Catalog, form: Form): MeetingType {
  // References are checked at load, so the meeting type exists.
  return catalog.config.meetingTypes[form.meetingType]!;
}
