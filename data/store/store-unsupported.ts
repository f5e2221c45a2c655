/** Something one engine's store does that another does not (yet): nothing was read or written. */
export class StoreUnsupported extends Error {
  override readonly name = 'StoreUnsupported';

  constructor(what: string, instead = 'not yet on PostgreSQL') {
    super(`${what}: ${instead}`);
  }
}

