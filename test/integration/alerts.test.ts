import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_PEOPLE, ALERT_WORLD_CSV, CHANNELS, TEAM_CHANNELS, TEAM_ID } from '../support/alert-world.js';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { benefitStopped, postEvent, signedEvent, WEBHOOK_SECRET_TEXT } from '../support/signed-event.js';
import { teamsBotAddedToTeam, teamsBotInstalled, teamsCardActionInvoke, teamsMessage } from '../support/teams-activity.js';
import { CITIZENS, PEOPLE } from '../support/world.js';
import { sqlColumn, sqlRow, sqlValue } from '../support/raw-sql.js';

let bot: RunningBot;

const cardIn = (activity: any) => activity?.attachments?.[0]?.content;
const textOfCard = (card: unknown) => JSON.stringify(card);

async function sendAlert(cpr: string, overrides: Record<string, unknown> = {}): Promise<{ alertId: number; activityId: string; conversationId: string }> {
  const request = signedEvent(benefitStopped(cpr, overrides));
  expect((await postEvent(bot.url, request)).status).toBe(202);
  const alertId = await sqlValue<number>(bot.app.store, 'SELECT alert_id FROM alerts WHERE webhook_id = @id', { id: request.id });
  await waitUntil(async () => (await bot.app.store.outbox.postsOf(alertId)).some((post) => post.state === 'sent'));
  const post = (await bot.app.store.outbox.postsOf(alertId)).find((row) => row.state === 'sent')!;
  return { alertId, activityId: post.activityId!, conversationId: post.conversationId };
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function press(verb: string, data: unknown, from: { aadObjectId: string; name: string }, conversationId: string, trigger: 'manual' | 'automatic' = 'manual') {
  return bot.post(teamsCardActionInvoke({ serviceUrl: bot.connector.url, from, verb, data, scope: 'channel', conversationId, trigger }));
}

beforeAll(async () => {
  bot = await startBot({ files: ALERT_WORLD_CSV, env: { EVENTS_WEBHOOK_SECRETS: WEBHOOK_SECRET_TEXT } });
  bot.connector.teamChannels.set(TEAM_ID, TEAM_CHANNELS);
  expect((await bot.post(teamsBotAddedToTeam({ serviceUrl: bot.connector.url, from: PEOPLE.fatima, teamId: TEAM_ID }))).status).toBe(200);
});
afterAll(async () => bot.stop());

describe('conversation references', () => {
  it('records every channel of a team when the bot is added to it', async () => {
    for (const channel of [TEAM_ID, CHANNELS.rusTeamA, CHANNELS.spec]) {
      expect(await bot.app.store.conversations.find(channel), channel).toMatchObject({ scope: 'channel', teamId: TEAM_ID, active: true, serviceUrl: bot.connector.url });
    }
  });
});

describe('an alert about a shared citizen', () => {
  let alert: { alertId: number; activityId: string; conversationId: string };
  beforeAll(async () => {
    alert = await sendAlert(CITIZENS.shared);
  });

  it('is posted as a card in the channel of the SOF unit that has the citizen', () => {
    expect(alert.conversationId).toBe(CHANNELS.rusTeamA);
    const posted = bot.connector.calls.find((call) => call.operation === 'send' && call.conversationId === CHANNELS.rusTeamA)!;
    const card = cardIn(posted.body);
    expect(card.type).toBe('AdaptiveCard');
    const text = textOfCard(card);
    expect(text).toContain('Birte Fællesborger · 010190-xxxx');
    expect(text).not.toContain('0101901234');
    expect(text).toContain('Ydelsen er stoppet');
    expect(text).toContain('Kontanthjælp');
    expect(text).toContain('Udeblivelse');
    expect(text).toContain('Udeblevet fra to samtaler');
    expect(text).toContain('Grøn linie — aftal forløb direkte: Anna Jensen (BIF) og Mads Nielsen (SOF).');
    expect(text).toContain('Fællesborger');
    expect(text).toContain('tel:+4533660101');
  });

  it('shows the claim buttons as Action.Execute with an Action.Submit fallback', () => {
    const posted = bot.connector.calls.find((call) => call.operation === 'send' && call.conversationId === CHANNELS.rusTeamA)!;
    const claim = JSON.parse(JSON.stringify(cardIn(posted.body))).body.flatMap((element: any) => element.actions ?? []).find((action: any) => action.verb === 'alert.claim');
    expect(claim).toMatchObject({ type: 'Action.Execute', data: { alertId: alert.alertId }, fallback: { type: 'Action.Submit', data: { verb: 'alert.claim', alertId: alert.alertId } } });
  });

  it('the first claimant wins; the card is updated in place for everyone; a later claimant is told privately who has it', async () => {
    const first = await press('alert.claim', { alertId: alert.alertId }, PEOPLE.mads, CHANNELS.rusTeamA);
    expect(first.status).toBe(200);
    expect(first.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textOfCard(first.body.value)).toMatch(/Taget af Mads Nielsen kl\. \d\d\.\d\d/);
    await bot.connector.waitFor((calls) => calls.some((call) => call.operation === 'update' && call.activityId === alert.activityId));
    const update = bot.connector.calls.find((call) => call.operation === 'update' && call.activityId === alert.activityId)!;
    expect(update.conversationId).toBe(CHANNELS.rusTeamA);
    expect(textOfCard(cardIn(update.body))).toMatch(/Taget af Mads Nielsen/);
    expect(JSON.stringify(cardIn(update.body))).not.toContain('"verb":"alert.claim"');

    const late = await press('alert.claim', { alertId: alert.alertId }, PEOPLE.fatima, CHANNELS.rusTeamA);
    expect(late.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message' });
    expect(late.body.value).toMatch(/^Advis er allerede taget af Mads Nielsen kl\. \d\d\.\d\d\.$/);
    expect(await bot.app.store.alerts.find(alert.alertId)).toMatchObject({ state: 'claimed', claimedBy: PEOPLE.mads.id });
  });

  it('resolve records the note; a claim after resolve is answered, not applied', async () => {
    const resolved = await press('alert.resolve', { alertId: alert.alertId, note: 'Ringet til borgeren' }, PEOPLE.mads, CHANNELS.rusTeamA);
    expect(textOfCard(resolved.body.value)).toMatch(/Løst af Mads Nielsen kl\. \d\d\.\d\d: Ringet til borgeren/);
    const afterResolve = await press('alert.claim', { alertId: alert.alertId }, PEOPLE.fatima, CHANNELS.rusTeamA);
    expect(afterResolve.body.value).toMatch(/^Advis er allerede løst af Mads Nielsen/);
    const actions = await sqlColumn(bot.app.store, "SELECT action FROM audit_log WHERE purpose = 'advis' AND detail LIKE @pattern ORDER BY id", { pattern: `%"alertId":${alert.alertId}%` });
    expect(actions).toEqual(['alert.routed', 'alert.delivered', 'alert.claimed', 'alert.resolved']);
  });

  it('a card refresh request gets only the invoke response, never a new message', async () => {
    const before = bot.connector.postedActivities().length;
    const refreshed = await press('alert.refresh', { alertId: alert.alertId }, PEOPLE.mads, CHANNELS.rusTeamA, 'automatic');
    expect(refreshed.body.type).toBe('application/vnd.microsoft.card.adaptive');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bot.connector.postedActivities().length).toBe(before);
  });
});

describe('claim races and forged presses', () => {
  it('two users claiming at the same moment: exactly one wins', async () => {
    const { alertId } = await sendAlert(CITIZENS.sofOnly);
    const [a, b] = await Promise.all([
      press('alert.claim', { alertId }, PEOPLE.mads, CHANNELS.rusTeamA),
      press('alert.claim', { alertId }, ALERT_PEOPLE.sofie, CHANNELS.rusTeamA),
    ]);
    const cards = [a, b].filter((response) => response.body.type === 'application/vnd.microsoft.card.adaptive');
    const notes = [a, b].filter((response) => response.body.type === 'application/vnd.microsoft.activity.message');
    expect(cards).toHaveLength(1);
    expect(notes).toHaveLength(1);
    const winner = (await bot.app.store.alerts.find(alertId))!.claimedBy;
    expect([PEOPLE.mads.id, ALERT_PEOPLE.sofie.id]).toContain(winner);
    expect(await sqlValue(bot.app.store, "SELECT count(*) FROM audit_log WHERE action = 'alert.claimed' AND detail LIKE @pattern", { pattern: `%"alertId":${alertId}%` })).toBe(1);
  });

  it('a press naming an alert that was not posted in this conversation changes nothing', async () => {
    const { alertId } = await sendAlert(CITIZENS.moved);
    const forged = await press('alert.claim', { alertId }, PEOPLE.anna, CHANNELS.teamNord);
    expect(forged.body.value).toBe('Knappen hører til et advis i en anden samtale, så intet er ændret.');
    expect((await bot.app.store.alerts.find(alertId))!.state).toBe('open');
  });

  it('tampered data (not an alert id) gets the polite invalid-data answer', async () => {
    const tampered = await press('alert.claim', { alertId: "1; DROP TABLE alerts" }, PEOPLE.mads, CHANNELS.rusTeamA);
    expect(tampered.body.value).toBe('Knappen sendte data, jeg ikke kan bruge, så intet er ændret. Skriv kommandoen igen.');
    const unknown = await press('alert.claim', { alertId: 999999 }, PEOPLE.mads, CHANNELS.rusTeamA);
    expect(unknown.body.value).toBe('Dette advis findes ikke (længere). Intet er ændret.');
  });

  it('someone who is not an employee cannot claim', async () => {
    const { alertId } = await sendAlert(CITIZENS.moved, { note: 'anden' });
    const stranger = await press('alert.claim', { alertId }, PEOPLE.stranger, CHANNELS.rusTeamA);
    expect(stranger.body.value).toBe('Kun registrerede medarbejdere kan tage og løse advis.');
  });
});

describe('"Vis borger"', () => {
  it('sends the single-point-of-entry answer to the presser’s 1:1 chat, with need-to-know and audit', async () => {
    const { alertId } = await sendAlert(CITIZENS.shared, { note: 'vis borger' });
    const noChat = await press('alert.show-citizen', { alertId }, PEOPLE.mads, CHANNELS.rusTeamA);
    expect(textOfCard(noChat.body.value)).toMatch(/"Jeg kan ikke skrive til dig i en 1:1-chat endnu/);

    await bot.post(teamsBotInstalled({ serviceUrl: bot.connector.url, from: PEOPLE.mads }));
    const personalId = `a:personal-${PEOPLE.mads.aadObjectId}`;
    const shown = await press('alert.show-citizen', { alertId }, PEOPLE.mads, CHANNELS.rusTeamA);
    expect(shown.body.value.body[0]).toMatchObject({ type: 'Container', style: 'accent', items: [{ text: 'Jeg har sendt borgeroverblikket til din 1:1-chat med Brobygger.' }, { text: expect.stringContaining('Kun du ser denne besked') }] });
    await bot.connector.waitFor((calls) => calls.some((call) => call.operation === 'send' && call.conversationId === personalId && JSON.stringify(call.body).includes('Hvem har borgeren?')));
    const lookups = await sqlRow(bot.app.store, "SELECT result, actor_employee_id FROM audit_log WHERE action = 'citizen.lookup' ORDER BY id DESC LIMIT 1");
    expect(lookups).toEqual({ result: 'shown', actor_employee_id: PEOPLE.mads.id });
  });

  it('pressed in a channel, tells only the presser, on their view of the card: nothing is posted or updated in the channel', async () => {
    const { alertId, conversationId } = await sendAlert(CITIZENS.shared, { note: 'kun til den der trykker' });
    await bot.post(teamsBotInstalled({ serviceUrl: bot.connector.url, from: PEOPLE.mads }));
    const inChannel = () => bot.connector.calls.filter((call) => call.conversationId?.startsWith(conversationId) && call.operation !== 'members').length;
    const before = inChannel();
    const shown = await press('alert.show-citizen', { alertId }, PEOPLE.mads, CHANNELS.rusTeamA);
    expect(shown.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(textOfCard(shown.body.value)).toContain('Jeg har sendt borgeroverblikket til din 1:1-chat med Brobygger.');
    expect(textOfCard(shown.body.value)).toContain('Birte Fællesborger · 010190-xxxx');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(inChannel()).toBe(before);
    // The card everyone else gets on refresh has no such notice.
    const refreshed = await press('alert.refresh', { alertId }, PEOPLE.anna, CHANNELS.rusTeamA, 'automatic');
    expect(textOfCard(refreshed.body.value)).not.toContain('1:1-chat');
  });

  it('pressed as an Action.Submit fallback (a message), answers with a short text and leaves the card as it is', async () => {
    const { alertId, activityId, conversationId } = await sendAlert(CITIZENS.shared, { note: 'fallback' });
    await bot.post(teamsBotInstalled({ serviceUrl: bot.connector.url, from: PEOPLE.mads }));
    await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.mads, scope: 'channel', conversationId: CHANNELS.rusTeamA, teamId: TEAM_ID, replyToId: activityId, text: '', value: { verb: 'alert.show-citizen', alertId } }));
    await bot.connector.waitFor((calls) => calls.some((call) => call.conversationId?.startsWith(conversationId) && JSON.stringify(call.body).includes('Jeg har sendt borgeroverblikket')));
    expect(bot.connector.calls.filter((call) => call.operation === 'update' && call.activityId === activityId)).toEqual([]);
  });
});

describe('CPR numbers in the texts an alert card shows in the channel', () => {
  it('a note from the source system is posted masked', async () => {
    await sendAlert(CITIZENS.sofOnly, { note: 'Borger 12.03.85\u20131127 udeblev' });
    const posted = JSON.stringify(bot.connector.postedActivities());
    expect(posted).toContain('Borger 120385-xxxx udeblev');
    expect(posted).not.toContain('12.03.85');
  });

  it('a "Løst" note with a CPR number is refused politely and nothing changes; without it the alert is resolved', async () => {
    const { alertId } = await sendAlert(CITIZENS.sofOnly);
    const refused = await press('alert.resolve', { alertId, note: 'Ringet til borger cpr\u00A0010190\u20131234' }, PEOPLE.mads, CHANNELS.rusTeamA);
    expect(refused.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(refused.body.value).toBe('Bemærkningen ser ud til at indeholde et CPR-nummer, og adviset kan ses af alle i kanalen. Skriv den gerne igen uden CPR-nummeret; borgeren fremgår allerede af adviset. Adviset er ikke løst endnu.');
    expect(await bot.app.store.alerts.find(alertId)).toMatchObject({ state: 'open', resolutionNote: null });
    const resolved = await press('alert.resolve', { alertId, note: 'Ringet til borgeren' }, PEOPLE.mads, CHANNELS.rusTeamA);
    expect(JSON.stringify(resolved.body.value)).toContain('Ringet til borgeren');
    expect(await bot.app.store.alerts.find(alertId)).toMatchObject({ state: 'resolved', resolutionNote: 'Ringet til borgeren' });
  });
});

describe('channel linking', () => {
  it('an admin links a channel with "@Brobygger tilknyt <unit>"; the next alert for that unit goes there', async () => {
    await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: ALERT_PEOPLE.adam, scope: 'channel', conversationId: CHANNELS.unlinked, teamId: TEAM_ID, text: 'tilknyt RUS-TEAM-A' }));
    await bot.connector.waitFor((calls) => calls.some((call) => call.conversationId?.startsWith(CHANNELS.unlinked) && JSON.stringify(call.body).includes('Kanalen er tilknyttet')));
    const linkDetails = await sqlColumn<string | null>(bot.app.store, "SELECT detail FROM audit_log WHERE action = 'channel.linked'");
    expect(linkDetails.filter((detail) => JSON.parse(detail ?? '{}').source == null)).toHaveLength(1);
    const { conversationId } = await sendAlert(CITIZENS.sofOnly, { note: 'efter tilknytning' });
    expect(conversationId).toBe(CHANNELS.unlinked);
  });

  it('a non-admin is refused', async () => {
    await bot.post(teamsMessage({ serviceUrl: bot.connector.url, from: PEOPLE.mads, scope: 'channel', conversationId: CHANNELS.spec, teamId: TEAM_ID, text: 'tilknyt SPEC' }));
    await bot.connector.waitFor((calls) => calls.some((call) => call.conversationId?.startsWith(CHANNELS.spec) && JSON.stringify(call.body).includes('Kun administratorer kan tilknytte')));
  });
});
