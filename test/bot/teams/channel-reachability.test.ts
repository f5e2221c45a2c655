import { describe, expect, it } from 'vitest';
import { mayMakeAChannelReachable } from '../../../bot/teams/channel-reachability.js';

const inConversation = (type: string, conversationType: string) => ({ type, conversation: { id: 'c', conversationType, isGroup: conversationType === 'groupChat', name: '' } });

describe('which activities can have made a channel reachable for alerts that wait for one', () => {
  it('a message in a personal or group chat (a lookup, a card button) cannot: alerts go only to channels', () => {
    expect(mayMakeAChannelReachable(inConversation('message', 'personal'))).toBe(false);
    expect(mayMakeAChannelReachable({ type: 'message' })).toBe(false);
    expect(mayMakeAChannelReachable(inConversation('message', 'groupChat'))).toBe(false);
  });

  it('a message in a channel (`tilknyt`, a channel seen again) can, and so can any install or conversation update', () => {
    expect(mayMakeAChannelReachable(inConversation('message', 'channel'))).toBe(true);
    expect(mayMakeAChannelReachable(inConversation('conversationUpdate', 'channel'))).toBe(true);
    expect(mayMakeAChannelReachable(inConversation('installationUpdate', 'personal'))).toBe(true);
    expect(mayMakeAChannelReachable(inConversation('conversationUpdate', 'personal'))).toBe(true);
  });
});
