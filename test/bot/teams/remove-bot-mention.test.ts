import { describe, expect, it } from 'vitest';
import { textWithoutBotMention } from '../../../bot/teams/remove-bot-mention.js';

const BOT = { id: '28:brobygger', name: 'Brobygger' };
const mention = (text: unknown, mentioned: unknown = BOT) => ({ type: 'mention', text, mentioned });

describe('textWithoutBotMention', () => {
  it.each([
    ['the bot mention is removed', { text: '<at>Brobygger</at> hjælp', entities: [mention('<at>Brobygger</at>')] }, 'hjælp'],
    ['a mention of someone else stays', { text: '<at>Anna</at> hjælp', entities: [mention('<at>Anna</at>', { id: '29:anna' })] }, '<at>Anna</at> hjælp'],
    ['a mention and no text at all', { entities: [mention('<at>Brobygger</at>')] }, ''],
    ['a mention without text does not remove the word "undefined"', { text: 'undefined svar', entities: [mention(undefined)] }, 'undefined svar'],
    ['a mention with no mentioned account', { text: 'hjælp', entities: [mention('<at>Brobygger</at>', null)] }, 'hjælp'],
    ['entities that are not objects', { text: 'hjælp', entities: [null, 3, 'mention'] }, 'hjælp'],
    ['entities that are not a list', { text: ' hjælp ', entities: { type: 'mention' } }, 'hjælp'],
    ['text that is not a string', { text: 42, entities: [] }, ''],
  ])('%s', (_name, fields, expected) => {
    expect(textWithoutBotMention({ type: 'message', recipient: BOT, ...(fields as object) })).toBe(expected);
  });
});
