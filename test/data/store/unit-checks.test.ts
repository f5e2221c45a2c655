import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { checkUnitsOfWork, refuseInsideUnitOf, StoreUsedInsideUnit, unitsOfWorkChecked, within } from '../../../data/store/unit-checks.js';
import { projectRoot } from '../../../bot/paths/project-root.js';

const run = promisify(execFile);

afterEach(() => checkUnitsOfWork(true));

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the store-inside-its-unit check (data/store/unit-checks.ts)', () => {
  it('is off in a process started without BROBYGGER_CHECK_UNITS=1 (production) and on with it', async () => {
    const probe = "const m = await import('./data/store/unit-checks.ts'); console.log(m.unitsOfWorkChecked())";
    const started = async (value: string | undefined) => {
      const env = { ...process.env };
      delete env.BROBYGGER_CHECK_UNITS;
      if (value !== undefined) env.BROBYGGER_CHECK_UNITS = value;
      const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: projectRoot(), env });
      return stdout.trim();
    };
    expect(await started(undefined)).toBe('false');
    expect(await started('0')).toBe('false');
    expect(await started('1')).toBe('true');
  });

  it('refuses the owner inside its open unit, also after awaits, and in a unit of another store nested in it', async () => {
    const owner = {};
    const other = {};
    const unit = { owner, open: true };
    await within(unit, async () => {
      expect(() => refuseInsideUnitOf(owner)).toThrow(StoreUsedInsideUnit);
      await tick();
      expect(() => refuseInsideUnitOf(owner)).toThrow(StoreUsedInsideUnit);
      expect(() => refuseInsideUnitOf(other)).not.toThrow();
      await within({ owner: other, open: true }, async () => {
        await tick();
        expect(() => refuseInsideUnitOf(owner)).toThrow(StoreUsedInsideUnit);
      });
    });
    expect(() => refuseInsideUnitOf(owner)).not.toThrow();
  });

  it('lets work the unit started go on once the unit has ended (a timer it set, a reply sent after it)', async () => {
    const owner = {};
    const unit = { owner, open: true };
    let later: Promise<void> = Promise.resolve();
    await within(unit, async () => {
      later = new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => refuseInsideUnitOf(owner));
    });
    unit.open = false;
    await expect(later).resolves.toBeUndefined();
  });

  it('checks nothing when turned off: within only runs the body', async () => {
    checkUnitsOfWork(false);
    expect(unitsOfWorkChecked()).toBe(false);
    const owner = {};
    expect(await within({ owner, open: true }, async () => refuseInsideUnitOf(owner))).toBeUndefined();
  });
});
