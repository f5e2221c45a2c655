import type { WriteNotes } from '../sql/commit-signal.js';
import type { Sql } from '../sql/sql.js';
import { StoreUsedInsideUnit, TxOutsideUnit } from '../store/unit-checks.js';
import type { PgQueryable } from './driver/pg-pool.js';
import type { PgFrame, PgUnits } from './pg-units.js';

/** What a repository is made over: a frame is both (pg-units.ts). */
export type FrameSql = Sql & PgQueryable & WriteNotes;

type Method = (...args: unknown[]) => unknown;
type Overrides = Readonly<Record<string, Readonly<Record<string, (...args: never[]) => Promise<unknown>>>>>;

/** One repository, made once: how to bind it to a frame, and its methods as a tx sees them. */
type Kind = {
  readonly template: object;
  /** The template's own fields holding its Sql or WriteNotes: a frame's copy holds the frame there. */
  readonly bound: readonly string[];
  readonly methods: ReadonlyMap<string, Method>;
  /** The prototype of this repository's face in a tx: one function per method, for every frame. */
  readonly inUnit: object;
};

/** A repository's face in one unit's tx. */
type UnitFace = { readonly frame: PgFrame; readonly repository: Record<string, Method> };

/** A unit's tx: its repositories' faces, each made at first use. */
type UnitTx = { readonly frame: PgFrame; readonly made: Record<string, UnitFace> };

/**
 * The store's repositories, made once and bound per frame (a unit of work, or a single call outside any): a frame's
 * copy of a repository is an Object.create of the one made once, with the frame where the Sql and the WriteNotes were,
 * so what a repository keeps in its other fields (caches: PgGuideRepository's vocabulary, the greeted users, unit
 * names) stays one for all frames. Made at first use per repository per frame: most turns touch one to three.
 */
export class FrameRepositories<T extends Record<string, object>> {
  private readonly unitTx: object;
  /** The store's face outside any unit: each call in a frame of its own. */
  readonly outside: T;

  /** `make`: the repositories over the Sql and WriteNotes given (used only to make them; never to run a statement). */
  constructor(
    private readonly units: PgUnits,
    make: (sql: FrameSql) => T,
    overrides: Overrides = {},
  ) {
    const placeholder = unusable();
    const repositories = make(placeholder);
    const unitTx: PropertyDescriptorMap = {};
    const outside: Record<string, unknown> = {};
    for (const [name, template] of Object.entries(repositories)) {
      const kind = kindOf(template, placeholder, overrides[name] ?? {});
      unitTx[name] = {
        enumerable: true,
        get(this: UnitTx) {
          return (this.made[name] ??= faceIn(kind, this.frame));
        },
      };
      outside[name] = this.outsideFace(kind, overrides[name] ?? {});
    }
    this.unitTx = Object.create(Object.prototype, unitTx);
    this.outside = outside as T;
  }

  /** The tx of one unit (or snapshot) frame: after the unit has ended every call rejects with TxOutsideUnit. */
  txOf(frame: PgFrame): T {
    const tx: UnitTx = Object.create(this.unitTx);
    (tx as { frame: PgFrame }).frame = frame;
    (tx as { made: Record<string, UnitFace> }).made = {};
    return tx as unknown as T;
  }

  private outsideFace(kind: Kind, overrides: Record<string, unknown>): Record<string, unknown> {
    const face: Record<string, unknown> = { ...overrides };
    for (const [method, call] of kind.methods) {
      if (method in face) continue;
      face[method] = (...args: unknown[]) => this.units.outside((frame) => call.apply(boundTo(kind, frame), args));
    }
    return face;
  }
}

function kindOf(template: object, placeholder: FrameSql, overrides: Record<string, unknown>): Kind {
  const bound = Object.keys(template).filter((key) => (template as Record<string, unknown>)[key] === placeholder);
  const methods = new Map<string, Method>();
  for (let proto = Object.getPrototypeOf(template); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = (template as Record<string, unknown>)[name];
      if (name === 'constructor' || methods.has(name) || typeof method !== 'function') continue;
      methods.set(name, method as Method);
    }
  }
  const inUnit: Record<string, unknown> = {};
  for (const name of Object.keys(overrides)) inUnit[name] = storeCallInUnit;
  for (const [name, method] of methods) if (!(name in inUnit)) inUnit[name] = inUnitCall(method);
  return { template, bound, methods, inUnit };
}

/** A method of a repository's face in a tx: made once per repository class, called with the face as `this`. */
function inUnitCall(method: Method): (this: UnitFace, ...args: unknown[]) => Promise<unknown> {
  return function (this: UnitFace, ...args: unknown[]) {
    if (!this.frame.open) return Promise.reject(new TxOutsideUnit());
    try {
      return Promise.resolve(method.apply(this.repository, args));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** A store-level method (audit.appendCommitted: a unit of its own) reached through a tx: it would wait for the unit. */
function storeCallInUnit(this: UnitFace): Promise<never> {
  return Promise.reject(this.frame.open ? new StoreUsedInsideUnit() : new TxOutsideUnit());
}

function faceIn(kind: Kind, frame: PgFrame): UnitFace {
  const face = Object.create(kind.inUnit) as { frame: PgFrame; repository: Record<string, Method> };
  face.frame = frame;
  face.repository = boundTo(kind, frame);
  return face;
}

function boundTo(kind: Kind, frame: PgFrame): Record<string, Method> {
  const repository = Object.create(kind.template) as Record<string, unknown>;
  for (const key of kind.bound) repository[key] = frame;
  return repository as Record<string, Method>;
}

/** The Sql and WriteNotes the repositories are made over once: any use outside a frame is a mistake, loudly. */
function unusable(): FrameSql {
  const refuse = (): never => {
    throw new Error('a repository used its Sql outside a frame (a field or closure kept the one it was made over: bind it per frame)');
  };
  return { dialect: 'postgres', all: refuse, get: refuse, run: refuse, atomic: refuse, query: refuse, wrote: refuse };
}
