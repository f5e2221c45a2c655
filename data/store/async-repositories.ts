/** A repository as the capabilities see it: every method returns a promise of what the engine's method returns. */
export type Async<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/** How a facade runs one repository call: alone on the connection, or inside the unit of work it is bound to. */
export type Invoke = <R>(call: () => R) => Promise<Awaited<R>>;

export type Facade<T> = { readonly [K in keyof T]: Async<T[K]> };

/** Methods that replace a repository's own in its facade; `this` is the facade of that repository. */
export type Overrides<T> = { readonly [K in keyof T]?: Record<string, (...args: never[]) => Promise<unknown>> };

const INVOKE = Symbol('invoke');

type Bound = { [INVOKE]: Invoke };

/**
 * Facades over one set of repositories, each bound to an `invoke` of its own (a unit of work's): `facades(invoke)`.
 * What a facade's methods do is worked out once per repository, at its first use, so a facade per unit of work costs
 * an object, and one more per repository it uses. `repositories[name]` itself is made (its statements prepared) at
 * first use too.
 */
export function facadeFactory<T extends Record<string, object>>(repositories: T, overrides: Overrides<T> = {}): (invoke: Invoke) => Facade<T> {
  const methods = new Map<string, object>();
  const methodsOf = (name: string): object => {
    let table = methods.get(name);
    if (!table) {
      table = methodTable(repositories[name]!, overrides[name as keyof T] ?? {});
      methods.set(name, table);
    }
    return table;
  };
  const prototype = {};
  for (const name of Object.keys(repositories)) {
    Object.defineProperty(prototype, name, {
      enumerable: true,
      get(this: Bound) {
        const facade = Object.create(methodsOf(name)) as Bound;
        facade[INVOKE] = this[INVOKE];
        Object.defineProperty(this, name, { value: facade, enumerable: true });
        return facade;
      },
    });
  }
  return (invoke) => {
    const facade = Object.create(prototype) as Bound;
    facade[INVOKE] = invoke;
    return facade as unknown as Facade<T>;
  };
}

/** The `invoke` a facade of one repository (the `this` of an override) runs its calls through. */
export function invokeOf(facade: object): Invoke {
  return (facade as Bound)[INVOKE];
}

/**
 * One facade over `repositories`, every call through `invoke` (the store's own). Its repositories are own properties,
 * so `{ ...store, retention }` (a stand-in store in a test) keeps them.
 */
export function asyncFacade<T extends Record<string, object>>(repositories: T, invoke: Invoke, overrides: Overrides<T> = {}): Facade<T> {
  const facade = facadeFactory(repositories, overrides)(invoke);
  const prototype = Object.getPrototypeOf(facade) as object;
  for (const name of Object.keys(repositories)) {
    Object.defineProperty(facade, name, { enumerable: true, configurable: true, get: () => Reflect.get(prototype, name, facade) });
  }
  return facade;
}

function methodTable(repository: object, overrides: Record<string, unknown>): object {
  const table: Record<string, unknown> = { ...overrides };
  for (let proto = Object.getPrototypeOf(repository); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name in table) continue;
      const method = (repository as Record<string, unknown>)[name];
      if (typeof method !== 'function') continue;
      table[name] = function (this: Bound, ...args: unknown[]) {
        return this[INVOKE](() => method.apply(repository, args));
      };
    }
  }
  return table;
}
