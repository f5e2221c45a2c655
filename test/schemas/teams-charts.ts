/**
 * Teams' chart elements for Adaptive Cards (learn.microsoft.com, "Charts in Adaptive Cards"; MicrosoftDocs/msteams-docs
 * msteams-platform/task-modules-and-cards/cards/charts-in-adaptive-cards.md). They are Teams extensions: the official
 * Adaptive Card 1.5 schema lists the element types a body may hold, so it refuses every Chart.* element wherever it
 * sits (also inside a Container, a fallback or an element with `requires`).
 *
 * The standard's answer to an element type a host does not know is the element's `fallback` (Adaptive Cards 1.2+):
 * the host renders the fallback element instead, or nothing for "drop". So a card with charts is checked in two
 * parts: each chart against the properties Teams documents for it, and the card a 1.5 host without charts renders
 * (every chart replaced by its fallback) against the official schema. A chart without a fallback is an error:
 * clients without charts would then show nothing, or refuse the card.
 */
import { z } from 'zod';

const COMMON = {
  title: z.string().optional(),
  colorSet: z.string().optional(),
  fallback: z.unknown(),
  height: z.enum(['auto', 'stretch']).optional(),
  horizontalAlignment: z.enum(['Left', 'Center', 'Right']).optional(),
  id: z.string().optional(),
  isVisible: z.boolean().optional(),
  lang: z.string().optional(),
  requires: z.record(z.string(), z.string()).optional(),
  separator: z.boolean().optional(),
  spacing: z.enum(['None', 'ExtraSmall', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding']).optional(),
  targetWidth: z.string().optional(),
  'grid.area': z.string().optional(),
};
const AXES = { xAxisTitle: z.string().optional(), yAxisTitle: z.string().optional(), color: z.string().optional() };
const point = z.strictObject({ x: z.union([z.string(), z.number()]), y: z.number(), color: z.string().optional() });
const legendValue = z.strictObject({ legend: z.string().optional(), value: z.number(), color: z.string().optional() });

const CHARTS: Record<string, z.ZodType> = {
  'Chart.Line': z.strictObject({ type: z.literal('Chart.Line'), ...COMMON, ...AXES, yMin: z.number().optional(), yMax: z.number().optional(), data: z.array(z.strictObject({ legend: z.string().optional(), color: z.string().optional(), values: z.array(point) })) }),
  'Chart.VerticalBar': z.strictObject({ type: z.literal('Chart.VerticalBar'), ...COMMON, ...AXES, showBarValues: z.boolean().optional(), data: z.array(point) }),
  'Chart.HorizontalBar': z.strictObject({ type: z.literal('Chart.HorizontalBar'), ...COMMON, ...AXES, displayMode: z.string().optional(), data: z.array(point) }),
  'Chart.Donut': z.strictObject({ type: z.literal('Chart.Donut'), ...COMMON, data: z.array(legendValue) }),
  'Chart.Pie': z.strictObject({ type: z.literal('Chart.Pie'), ...COMMON, data: z.array(legendValue) }),
};

export const TEAMS_CHART_TYPES = new Set([...Object.keys(CHARTS), 'Chart.Gauge', 'Chart.VerticalBar.Grouped', 'Chart.HorizontalBar.Stacked']);

const DROP = Symbol('drop');

/**
 * The card as a host without Teams' charts renders it: each Chart.* element replaced by its fallback (or left out
 * for "drop"). `problems` collects charts whose properties Teams does not document, and charts without a fallback
 * (those are left in place, so the schema check fails on them too).
 */
export function withoutTeamsCharts(card: unknown, problems: string[]): unknown {
  const walk = (node: unknown, path: string): unknown => {
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}/${index}`)).filter((item) => item !== DROP);
    if (node === null || typeof node !== 'object') return node;
    const element = node as Record<string, unknown>;
    if (typeof element.type === 'string' && TEAMS_CHART_TYPES.has(element.type)) {
      const shape = CHARTS[element.type]?.safeParse(element);
      if (shape && !shape.success) problems.push(...shape.error.issues.map((issue) => `${path}/${issue.path.join('/')}: ${element.type} ${issue.message}`));
      if (element.fallback === 'drop') return DROP;
      if (element.fallback !== null && typeof element.fallback === 'object') return walk(element.fallback, `${path}/fallback`);
      problems.push(`${path}: ${element.type} is not in Adaptive Card 1.5 and has no fallback for clients without charts`);
      return node;
    }
    return Object.fromEntries(Object.entries(element).map(([key, value]) => [key, walk(value, `${path}/${key}`)]));
  };
  return walk(card, '');
}
