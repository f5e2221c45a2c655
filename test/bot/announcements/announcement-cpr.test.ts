import { describe, expect, it } from 'vitest';
import { contentProblems } from '../../../bot/announcements/check-announcement.js';

const content = (overrides: { title?: string; text?: string; url?: string }) => ({ title: 'Nyt om hotline', text: 'Hotlinen har nye åbningstider.', ...overrides });

describe('an announcement must not carry a CPR number', () => {
  it.each([
    [{ text: 'Om borgeren 12.03.85-1127: ring til mig.' }],
    [{ text: 'Om borgeren 12/03/85 1127.' }],
    [{ title: 'Borger cpr0101901234' }],
    [{ text: 'Borger \uFF10\uFF11\uFF10\uFF11\uFF19\uFF10\uFF0D\uFF11\uFF12\uFF13\uFF14' }],
    [{ text: 'Borger 0101\u200B90\u00AD1234' }],
    [{ text: 'Borger 010190\u00A01234' }],
    [{ text: 'Borger 010190\u20141234' }],
    [{ url: 'https://portal.demo.kk.dk/sag?borger=010190%2D1234' }],
  ])('%j is refused, politely and in Danish', (overrides) => {
    expect(contentProblems(content(overrides), 'da')).toEqual(['Meddelelsen ser ud til at indeholde et CPR-nummer. Meddelelser må ikke indeholde personoplysninger om borgere.']);
  });

  it.each([
    [{ text: 'Ring +45 33 66 33 66 – mødet er 2026-11-26 kl. 9.30, sag 2024-0388567.' }],
    [{ url: 'https://portal.demo.kk.dk/m/12345678-1234-4321-8765-ab0101901234' }],
    [{ title: 'Nyt om hotline 010190', text: '1234 medarbejdere' }],
  ])('%j is not taken for a CPR number', (overrides) => {
    expect(contentProblems(content(overrides), 'da')).toEqual([]);
  });
});
