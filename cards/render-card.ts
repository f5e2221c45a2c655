import { readFileSync } from 'node:fs';
import { Template } from 'adaptivecards-templating';
import { projectFile } from '../bot/paths/project-root.js';
import type { CardName } from './card-names.js';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

const templates = new Map<CardName, Template>();

function template(name: CardName): Template {
  let loaded = templates.get(name);
  if (!loaded) {
    loaded = new Template(JSON.parse(readFileSync(projectFile('cards', `${name}.json`), 'utf8')));
    templates.set(name, loaded);
  }
  return loaded;
}

/** Fills a card template with data. Data values are inserted as text: a `${…}` inside a value is not evaluated. */
export function renderCard(name: CardName, data: Record<string, unknown>): AdaptiveCard {
  return template(name).expand({ $root: data }) as AdaptiveCard;
}
