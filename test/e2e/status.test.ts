import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCopenhagen } from '../../bot/calendar/copenhagen-time.js';
import { projectFile } from '../../bot/project-root.js';
import { cardShowing, openPersonalChat, saveScreenshot, say, usePlaygroundWorld } from './playground-world.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
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

/** The month labels under each chart of the card (each chart's labels end at its axis title "Måned"), as `YYYY-MM`. */
async function monthsPerChart(text: string, covered: string[]): Promise<string[][]> {
  const charts: string[][] = [[]];
  for (const line of text.split('\n').map((part) => part.trim().toLowerCase())) {
    if (line === 'måned') charts.push([]);
    const name = /^([a-zæø]{3})\.?(?: \d{2})?$/.exec(line)?.[1];
    const month = name ? covered.find((candidate) => MONTHS[Number(candidate.slice(5)) - 1] === name) : undefined;
    if (month) charts[charts.length - 1]!.push(month);
  }
  return charts.filter((chart) => chart.length > 0);
}

describe('the status card with suppressed early months in the Agents Playground (as Fatima, the specialist unit)', () => {
  const covered = monthsCovered();
  const firstFull = covered[12 - FULL_MONTHS]!;
  const world = usePlaygroundWorld('fatima', {}, () => demoWithEarlyMonthsSuppressed(`${firstFull}-01`));

  it('both charts draw their months in calendar order; the shared-citizens chart leaves the suppressed months out', async () => {
    const page = await world.openPage({ width: 1400, height: 2200 });
    const compose = await openPersonalChat(page);
    await say(page, compose, 'status');
    const card = await cardShowing(page, 'Status på strategiens mål');
    await card.locator('svg').nth(1).waitFor({ timeout: 20_000 });
    await saveScreenshot(page, card, 'status-card-suppressed');
    const [rateChart, sharedChart] = await monthsPerChart(await card.innerText(), covered);
    // The rate chart's target line runs through all twelve months; the rate itself only where it is not suppressed.
    expect(rateChart).toEqual(covered);
    // Shared citizens: only the months with 5 or more, oldest first.
    expect(sharedChart).toEqual(covered.slice(12 - FULL_MONTHS));
    await page.context().close();
  }, 90_000);
});
