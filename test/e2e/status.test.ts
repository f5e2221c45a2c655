import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { toCopenhagen } from '../../domain/calendar/copenhagen-time.js';
import { projectFile } from '../../bot/paths/project-root.js';
import { usePlaygroundWorld } from './playground-world.js';
import { monthOfLabel, statusCardShown } from './status-card.js';

const FULL_MONTHS = 5;

/** The twelve months the card covers, oldest first, as `YYYY-MM`: the latest whole month (Copenhagen) and the 11 before. */
function monthsCovered(): string[] {
  const { year, month } = toCopenhagen(new Date());
  return Array.from({ length: 12 }, (_, i) => {
    const index = year * 12 + (month - 1) - 12 + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/**
 * The demo data with every current SOF case but three starting on the first day of the fifth-latest month, so the
 * seven months before have fewer than 5 shared citizens (suppressed) and the last five have the usual count.
 */
function demoWithEarlyMonthsSuppressed(from: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'brobygger-e2e-data-'));
  for (const file of readdirSync(projectFile('data', 'demo'))) copyFileSync(projectFile('data', 'demo', file), join(folder, file));
  const [header, ...rows] = readFileSync(projectFile('data', 'demo', 'cases.csv'), 'utf8').trimEnd().split('\n');
  let kept = 0;
  const moved = rows.map((row) => {
    const cells = row.split(',');
    if (cells[1] !== 'SOF' || cells[7] !== '' || kept++ < 3) return row;
    cells[6] = (cells[6] ?? '') > from ? (cells[6] ?? '') : from;
    return cells.join(',');
  });
  writeFileSync(join(folder, 'cases.csv'), [header, ...moved].join('\n') + '\n');
  return folder;
}

type Label = { text: string; cut: boolean };
/** The little of the DOM read here (the project compiles without the DOM's types). */
type DomNode = {
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  firstElementChild: DomNode | null;
  lastElementChild: DomNode | null;
  querySelectorAll(selector: string): Iterable<DomNode>;
};
type ChartsDrawn = { lineLabels: Label[]; lineTicks: string[]; barLabels: Label[]; barValues: string[] };

/**
 * What the card's two charts draw, read from the DOM: the line chart's x-axis labels (whether the renderer cut them
 * with an ellipsis: CSS does that, so the text itself stays whole and only its width tells) and its y-axis numbers;
 * the bar chart's month labels and the counts written at the bars.
 */
async function chartsDrawn(card: Locator): Promise<ChartsDrawn> {
  return card.evaluate((element) => {
    const root = element as unknown as DomNode;
    const label = (element: DomNode | null): Label => ({ text: element?.textContent?.trim() ?? '', cut: !!element && element.scrollWidth > element.clientWidth });
    const [line, bars] = [...root.querySelectorAll('[role="alert"]')];
    const rows = [...(bars?.querySelectorAll('[role="img"]') ?? [])];
    return {
      lineLabels: [...(line?.querySelectorAll('svg foreignObject div') ?? [])].map(label),
      lineTicks: [...(line?.querySelectorAll('svg text[x="-5"]') ?? [])].map((tick) => tick.textContent ?? ''),
      barLabels: rows.map((row) => label(row.firstElementChild?.firstElementChild ?? null)),
      barValues: rows.map((row) => row.lastElementChild?.textContent?.trim() ?? ''),
    };
  });
}

/** A chart label ("nov.", "jan. 26") as the `YYYY-MM` it stands for among the months covered. */
const monthCovered = (text: string, covered: string[]) => covered.find((month) => Number(month.slice(5)) - 1 === monthOfLabel(text));

describe('the status card with suppressed early months in the Agents Playground (as Fatima, the specialist unit)', () => {
  const covered = monthsCovered();
  const firstFull = covered[12 - FULL_MONTHS]!;
  const world = usePlaygroundWorld('fatima', {}, () => demoWithEarlyMonthsSuppressed(`${firstFull}-01`));

  it('both charts draw their months in calendar order with every label whole, the y axis in whole numbers, and no suppressed month', async () => {
    const { page, card } = await statusCardShown(world, 'status-card-suppressed');
    const drawn = await chartsDrawn(card);
    // The rate chart: the last 6 months (12 do not fit, see status-charts.ts), its target line through all of them.
    expect(drawn.lineLabels.map((label) => monthCovered(label.text, covered))).toEqual(covered.slice(6));
    expect(drawn.lineLabels.filter((label) => label.cut)).toEqual([]);
    // Teams puts 4 equal steps on the y axis: fixed at 0–100 %, they are whole numbers, without a decimal point.
    expect(drawn.lineTicks).toEqual(['0', '25', '50', '75', '100']);
    // Shared citizens: only the months with 5 or more, oldest first, the year on the first; each count whole.
    expect(drawn.barLabels.map((label) => monthCovered(label.text, covered))).toEqual(covered.slice(12 - FULL_MONTHS));
    expect(drawn.barLabels[0]!.text).toMatch(/ \d{2}$/);
    expect(drawn.barLabels.filter((label) => label.cut)).toEqual([]);
    for (const value of drawn.barValues) expect(Number(value) >= 5 && /^\d+$/.test(value), value).toBe(true);
    // The years are in the rate chart's axis title and the bar chart's heading.
    const text = await card.innerText();
    expect(text).toMatch(/Måned \(\S+ (\d{4} )?– \S+ \d{4}\)/);
    expect(text).toMatch(/Fællesborgere pr\. måned, \S+ \d{4} – \S+ \d{4} \(måneder under 5 vises ikke\)/);
    await page.context().close();
  }, 90_000);
});
