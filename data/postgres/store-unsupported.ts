/** Something the store does on SQLite that the PostgreSQL store does not do yet. Nothing was read or written. */
export class StoreUnsupported extends Error {
  override readonly name = 'StoreUnsupported';

  constructor(what: string, instead = 'not yet on PostgreSQL') {
    super(`${what}: ${instead}`);
  }
}

