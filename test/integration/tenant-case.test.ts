import { afterEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../support/running-bot.js';
import { teamsMessage, TEST_TENANT } from '../support/teams-activity.js';
import { PEOPLE } from '../support/world.js';

const OTHER_TENANT = 'abcdef12-0000-4000-8000-00000000000f';

describe('tenant ids compare without regard to case', () => {
  let bot: RunningBot | null = null;
  afterEach(async () => {
    await bot?.stop();
    bot = null;
  });

  const helpFrom = async (running: RunningBot, tenantId: string) => {
    const before = running.connector.postedActivities().length;
    expect((await running.post(teamsMessage({ serviceUrl: running.connector.url, from: PEOPLE.anna, text: 'hjælp', tenantId }))).status).toBe(200);
    return running.connector.postedActivities().length - before;
  };

  it('an upper-case ALLOWED_TENANT_IDS answers the lower-case tenant Teams sends; another tenant is still refused', async () => {
    bot = await startBot({ env: { ALLOWED_TENANT_IDS: `${OTHER_TENANT.toUpperCase()}, ${TEST_TENANT.toUpperCase()}` } });
    expect(await helpFrom(bot, TEST_TENANT)).toBeGreaterThan(0);
    expect(await helpFrom(bot, '99999999-9999-4999-8999-999999999999')).toBe(0);
  });

  it('a lower-case ALLOWED_TENANT_IDS answers an activity whose tenant id is upper-case', async () => {
    bot = await startBot({ env: { ALLOWED_TENANT_IDS: TEST_TENANT } });
    expect(await helpFrom(bot, TEST_TENANT.toUpperCase())).toBeGreaterThan(0);
    expect(await helpFrom(bot, OTHER_TENANT)).toBe(0);
  });
});
