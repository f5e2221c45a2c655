/**
 * A request body we will not read on: the status, a short answer for the caller (never the body or a parser's
 * message, which can quote it), the reason for the log, and any header the answer needs.
 */
export class BodyRefused extends Error {
  constructor(
    readonly status: 400 | 408 | 413 | 415 | 503,
    readonly answer: string,
    readonly reason: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(reason);
    this.name = 'BodyRefused';
  }
}
