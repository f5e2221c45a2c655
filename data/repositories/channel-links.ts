import type { IsoDate } from '../../domain/dates/iso-date.js';
import type { Sql } from '../sql/sql.js';
import { inForceOn } from '../validity/in-force.js';
import { replaceOpenEnded } from '../validity/replace-open-ended.js';

type LinkRow = { link_id: number; unit_id: string; channel_id: string; by_employee_id: string; valid_from: string };

const IN_FORCE = `SELECT l.* FROM unit_channel_links l WHERE l.unit_id = @unitId AND ${inForceOn('l')} ORDER BY l.valid_from DESC, l.link_id DESC LIMIT 1`;
const OPEN_LINK = 'SELECT * FROM unit_channel_links WHERE unit_id = @unitId AND superseded_at IS NULL AND valid_to IS NULL ORDER BY link_id DESC LIMIT 1';
const SUPERSEDE = 'UPDATE unit_channel_links SET superseded_at = @now WHERE link_id = @id AND superseded_at IS NULL';
const INSERT = `INSERT INTO unit_channel_links (unit_id, channel_id, by_employee_id, valid_from, valid_to, recorded_at)
  VALUES (@unitId, @channelId, @by, @from, @to, @now)`;

/** Unit ↔ Teams channel links made in chat, versioned: a new link closes the previous one the day before. */
export class ChannelLinkRepository {
  constructor(private readonly sql: Sql) {}

  /** The channel linked in chat to the unit on the date, or null (then units.csv's teams_channel_id applies). */
  async channelOf(unitId: string, asOf: string): Promise<string | null> {
    return (await this.sql.get<LinkRow>(IN_FORCE, { unitId, asOf }))?.channel_id ?? null;
  }

  /** Links the channel from `from` until further notice (the previous link closes the day before). */
  async link(input: { unitId: string; channelId: string; byEmployeeId: string; from: IsoDate; now: Date }): Promise<void> {
    const now = input.now.toISOString();
    await this.sql.atomic(async (sql) => {
      const insert = (values: { unitId: string; channelId: string; by: string; from: string; to: string | null }) => sql.run(INSERT, { ...values, now });
      await replaceOpenEnded(await sql.get<LinkRow>(OPEN_LINK, { unitId: input.unitId }), input.from, {
        supersede: (open) => sql.run(SUPERSEDE, { id: open.link_id, now }),
        insertClosed: (open, to) => insert({ unitId: open.unit_id, channelId: open.channel_id, by: open.by_employee_id, from: open.valid_from, to }),
        insertNew: () => insert({ unitId: input.unitId, channelId: input.channelId, by: input.byEmployeeId, from: input.from, to: null }),
      });
    });
  }
}
