import type { IsoDate } from '../../domain/dates/iso-date.js';
import type { Db } from '../store/open-database.js';
import { inForceOn } from '../validity/in-force.js';
import { replaceOpenEnded } from '../validity/replace-open-ended.js';

type LinkRow = { link_id: number; unit_id: string; channel_id: string; by_employee_id: string; valid_from: string };

/** Unit ↔ Teams channel links made in chat, versioned: a new link closes the previous one the day before. */
export class ChannelLinkRepository {
  private readonly inForce;
  private readonly openLink;
  private readonly supersede;
  private readonly insert;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.inForce = db.prepare<{ unitId: string; asOf: string }, LinkRow>(
      `SELECT l.* FROM unit_channel_links l WHERE l.unit_id = @unitId AND ${inForceOn('l')} ORDER BY l.valid_from DESC, l.link_id DESC LIMIT 1`,
    );
    this.openLink = db.prepare<{ unitId: string }, LinkRow>(
      'SELECT * FROM unit_channel_links WHERE unit_id = @unitId AND superseded_at IS NULL AND valid_to IS NULL ORDER BY link_id DESC LIMIT 1',
    );
    this.supersede = db.prepare<{ id: number; now: string }>('UPDATE unit_channel_links SET superseded_at = @now WHERE link_id = @id AND superseded_at IS NULL');
    this.insert = db.prepare<{ unitId: string; channelId: string; by: string; from: string; to: string | null; now: string }>(
      `INSERT INTO unit_channel_links (unit_id, channel_id, by_employee_id, valid_from, valid_to, recorded_at)
       VALUES (@unitId, @channelId, @by, @from, @to, @now)`,
    );
  }

  /** The channel linked in chat to the unit on the date, or null (then units.csv's teams_channel_id applies). */
  channelOf(unitId: string, asOf: string): string | null {
    return this.inForce.get({ unitId, asOf })?.channel_id ?? null;
  }

  /** Links the channel from `from` until further notice (the previous link closes the day before). */
  link(input: { unitId: string; channelId: string; byEmployeeId: string; from: IsoDate; now: Date }): void {
    const now = input.now.toISOString();
    this.db.transaction(() =>
      replaceOpenEnded(this.openLink.get({ unitId: input.unitId }), input.from, {
        supersede: (open) => this.supersede.run({ id: open.link_id, now }),
        insertClosed: (open, to) => this.insert.run({ unitId: open.unit_id, channelId: open.channel_id, by: open.by_employee_id, from: open.valid_from, to, now }),
        insertNew: () => this.insert.run({ unitId: input.unitId, channelId: input.channelId, by: input.byEmployeeId, from: input.from, to: null, now }),
      }),
    )();
  }
}
