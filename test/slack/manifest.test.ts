import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const manifest = parse(readFileSync(new URL('../../manifests/slack-app.yaml', import.meta.url), 'utf8'));

describe('Slack app manifest', () => {
  it('declares both commands, the bot scopes, interactivity, the events and Socket Mode', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([
      '/failover',
      '/capacity',
    ]);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'commands',
        'chat:write',
        'files:write',
        'app_mentions:read',
        'channels:history',
        'usergroups:read',
        'reactions:read',
      ]),
    );
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_mention', 'message.channels', 'reaction_added', 'reaction_removed']),
    );
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
