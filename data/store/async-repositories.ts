/** A repository as the capabilities see it: every method returns a promise of what the engine's method returns. */
export type Async<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/** How a facade runs one repository call: alone on the connection, or inside the current unit of work. */
export type Invoke = <R>(call: () => R) => Promise<Awaited<R>>;

/**
 * The asynchronous face of a set of repositories: `repositories[name]` is made (its statements prepared) at first use,
 * and every method call goes through `invoke`. `overrides` replace single methods (e.g. a method served by the store).
 */
export function asyncFacade<T extends Record<string, object>>(
  repositories: T,
  invoke: Invoke,
  overrides: { readonly [K in keyof T]?: Record<string, (...args: never[]) => Promise<unknown>> } = {},
): { readonly [K in keyof T]: Async<T[K]> } {
  const facade = {} as Record<string, unknown>;
  for (const name of Object.keys(repositories)) {
    let made: Record<string, unknown> | undefined;
    Object.defineProperty(facade, name, {
      enumerable: true,
      get: () => (made ??= facadeOf(repositories[name]!, invoke, overrides[name as keyof T] ?? {})),
    });
  }
  return facade as { readonly [K in keyof T]: Async<T[K]> };
}

function facadeOf(repository: object, invoke: Invoke, overrides: Record<string, unknown>): Record<string, unknown> {
  const facade: Record<string, unknown> = { ...overrides };
  for (let proto = Object.getPrototypeOf(repository); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name in facade) continue;
      const method = (repository as Record<string, unknown>)[name];
      if (typeof method !== 'function') continue;
      facade[name] = (...args: unknown[]) => invoke(() => method.apply(repository, args));
    }
  }
  return facade;
}
