/** Something the store does on SQLite that the PostgreSQL store does not do yet. Nothing was read or written. */
export class StoreUnsupported extends Error {
  override readonly name = 'StoreUnsupported';

  constructor(what: string, instead = 'not yet on PostgreSQL') {
    super(`${what}: ${instead}`);
  }
}

/**
 * A repository not yet written for PostgreSQL: every method of the SQLite class rejects with StoreUnsupported
 * naming the repository. The methods sit on its prototype, where the store's facade (asyncFacade) looks for them.
 */
export function unsupportedRepository<T extends object>(name: string, sqliteClass: { prototype: T }): T {
  const methods: Record<string, () => Promise<never>> = {};
  for (let proto = sqliteClass.prototype as object; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const method of Object.getOwnPropertyNames(proto)) {
      if (method === 'constructor' || method in methods) continue;
      methods[method] = () => Promise.reject(new StoreUnsupported(`store.${name}.${method}`));
    }
  }
  return Object.create(methods) as T;
}
