/** Every card template in this folder; `render-card.ts` loads `<name>.json`. */
export const CARD_NAMES = ['welcome', 'help', 'citizen-lookup', 'lookup-refused', 'shared-marking-confirm', 'shared-marking-result', 'shared-marking-notice', 'alert', 'channel-link-result', 'item-list', 'hotline', 'guide-results', 'guide-entry', 'guide-report', 'announcement', 'announcement-form', 'announcement-preview', 'announcement-report', 'status', 'sample-check'] as const;

export type CardName = (typeof CARD_NAMES)[number];
