/**
 * The spellings of a CPR number we recognise in free text: `010190-1234`, `0101901234`, `010190 1234`.
 * Shared by the message parser and the log redactor, so the redactor always covers what the parser accepts.
 */
export const CPR_IN_TEXT = /(?<![\dA-Za-z])(\d{6})[-\u2010\u2011\u2013 ]?(\d{4})(?![\dA-Za-z])/g;

/** Digit runs that look like an attempt at a CPR number but have the wrong length (8, 9, 11 or 12 digits). */
export const CPR_LIKE_IN_TEXT = /(?<![\dA-Za-z])(\d{6})[-\u2010\u2011\u2013 ]?(\d{2,6})(?![\dA-Za-z])/g;
