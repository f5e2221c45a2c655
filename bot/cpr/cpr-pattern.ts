/** The spellings of a CPR number we recognise in a message: `010190-1234`, `0101901234`, `010190 1234`. */
export const CPR_IN_TEXT = /(?<![\dA-Za-z+])(\d{6})[-\u2010\u2011\u2013 ]?(\d{4})(?![\dA-Za-z])/g;

/** Digit runs that look like an attempt at a CPR number but have the wrong length (8, 9, 11 or 12 digits). */
export const CPR_LIKE_IN_TEXT = /(?<![\dA-Za-z+])(\d{6})[-\u2010\u2011\u2013 ]?(\d{2,6})(?![\dA-Za-z])/g;

/**
 * What the log redactor masks: a superset of CPR_IN_TEXT (also next to letters or `+`, as in `cpr0101901234` or a
 * URL-encoded `hvem+har+0101901234`), so nothing the parser accepts can reach a log line.
 */
export const CPR_FOR_REDACTION = /(?<!\d)(\d{6})[-\u2010\u2011\u2013 ]?(\d{4})(?!\d)/g;
