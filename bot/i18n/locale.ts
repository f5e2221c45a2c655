export type Locale = 'da' | 'en';

export function localeOf(activityLocale: string | undefined | null): Locale {
  return activityLocale?.toLowerCase().startsWith('en') ? 'en' : 'da';
}
