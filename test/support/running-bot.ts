import { createBrobygger, type Brobygger } from '../../bot/app.js';
import { loadConfig } from '../../bot/config/load-config.js';
import type { AuthEndpoints } from '../../bot/teams/create-adapter.js';
import { createLogger } from '../../bot/log/logger.js';
import { FakeConnector } from './fake-connector.js';
import { postJson } from './post-json.js';
import { TEST_TENANT } from './teams-activity.js';
import { worldDatabase } from './world.js';
import type { WorldDatabase } from './world-database.js';

export type RunningBot = {
  url: string;
  connector: FakeConnector;
  app: Brobygger;
  /** The database the bot runs on: `open()` for another store on it (a second instance, or after a restart). */
  database: WorldDatabase;
  logLines: string[];
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
};

/** The real server (restify + CloudAdapter + store file) on a free port, replying to a fake connector. */
export async function startBot(
  options: { env?: Record<string, string>; authEndpoints?: AuthEndpoints; files?: Record<string, string>; connector?: FakeConnector; clock?: () => Date; deliveryPollMs?: number } = {},
): Promise<RunningBot> {
  const connector = options.connector ?? new FakeConnector();
  await connector.start();
  const logLines: string[] = [];
  const localMode = options.env?.MicrosoftAppId ? {} : { LOCAL_MODE: 'true' };
  const database = await worldDatabase(options.files);
  const config = loadConfig({ ...localMode, ...database.env, LOG_LEVEL: 'debug', ALLOWED_TENANT_IDS: TEST_TENANT, ...options.env });
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => logLines.push(line) } });
  const app = await createBrobygger({ config, log, ...(options.authEndpoints ? { authEndpoints: options.authEndpoints } : {}), ...(options.clock ? { clock: options.clock } : {}), ...(options.deliveryPollMs ? { deliveryPollMs: options.deliveryPollMs } : {}) });
  const url = await app.listen(0, '127.0.0.1');
  return {
    url,
    connector,
    app,
    database,
    logLines,
    post: (body, headers = {}) => postJson(`${url}/api/messages`, body, headers),
    async stop() {
      await app.shutdown(1000);
      await connector.stop();
    },
  };
}
