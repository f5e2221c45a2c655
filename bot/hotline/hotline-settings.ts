import { DEFAULT_OPENING_HOURS, parseOpeningHours, type OpeningHours } from '../../domain/calendar/opening-hours.js';

export type HotlineSettings = {
  openingHours: OpeningHours;
  /** The unit whose phone is the hotline's direct number (its queue for whitelisted callers). */
  hotlineUnitId: string;
  /** The unit whose phone is the general call-centre number (everyone else). */
  callCentreUnitId: string;
};

export const DEFAULT_HOTLINE_UNIT_ID = 'BIF-HOTLINE';
export const DEFAULT_CALL_CENTRE_UNIT_ID = 'BIF-CALL';

export function defaultHotlineSettings(): HotlineSettings {
  const hours = parseOpeningHours(DEFAULT_OPENING_HOURS);
  if (!hours.ok) throw new Error(hours.problem);
  return { openingHours: hours.value, hotlineUnitId: DEFAULT_HOTLINE_UNIT_ID, callCentreUnitId: DEFAULT_CALL_CENTRE_UNIT_ID };
}
