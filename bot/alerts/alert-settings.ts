import type { OpeningHours } from '../../domain/calendar/opening-hours.js';
import type { ConsentSettings } from '../consent/consent-settings.js';

/** How alerts are routed and escalated (from the environment; see README). */
export type AlertSettings = {
  dropNonShared: boolean;
  fallbackUnitId: string | undefined;
  /** Working time after delivery before a reminder; twice this before escalation. */
  escalationPeriodMs: number;
  /** When working time counts (Mon–Fri 08:00–16:00 Copenhagen time, holidays closed). */
  workingHours: OpeningHours;
  /**
   * CONSENT_REQUIRED_FOR_SHARING (without consent in force the card shows the other side only as its entry point) and
   * where consents are read: the same as lookups'. Default: off, consents.csv alone.
   */
  consent?: ConsentSettings;
};
