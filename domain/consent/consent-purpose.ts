/** What a consent lets the municipality do. One purpose so far: sharing contact and case-holder data between BIF and SOF. */
export const CONSENT_PURPOSES = ['bif_sof_sharing'] as const;

export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** The administrations a consent for the purpose lets share with each other. */
export const ADMINISTRATIONS_SHARING: Readonly<Record<ConsentPurpose, readonly string[]>> = {
  bif_sof_sharing: ['BIF', 'SOF'],
};
