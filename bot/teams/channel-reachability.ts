import type { Activity } from 'botbuilder';
import { scopeOf } from './activity-to-request.js';

/**
 * Whether the activity can have made a team channel reachable for alerts that wait for one: one in a channel (the bot
 * installed there, `tilknyt`, a channel created or seen again), or an install or conversation update anywhere. Alerts
 * go only to channels, so a message in a personal or group chat (every lookup) cannot.
 */
export function mayMakeAChannelReachable(activity: Partial<Activity>): boolean {
  return activity.type !== 'message' || scopeOf(activity) === 'channel';
}
