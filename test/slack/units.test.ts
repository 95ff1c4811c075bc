import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCapacityArgs } from '../../bot/slack/commands/capacity.js';
import { questionToWhatIfWords } from '../../bot/slack/questions/deterministic.js';
import { RoleResolver } from '../../bot/slack/roles.js';
import { chooseTransport, describeTransport } from '../../bot/slack/transport.js';
import { readOverrideForm } from '../../bot/slack/views/override-submit.js';
import { nextOccurrence, parseCron, previousOccurrence } from '../../tools/config/cron.js';
import { parseFleetConfig } from '../../tools/config/load-fleet.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('transport from the environment', () => {
  it('Socket Mode when both bot and app tokens are set (even with a signing secret)', () => {
    const t = chooseTransport({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' });
    expect(t).toEqual({ kind: 'socket', botToken: 'xoxb-1', appToken: 'xapp-1' });
  });
  it('HTTP with a bot token and a signing secret; SLACK_API_URL is honoured', () => {
    const t = chooseTransport({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(t).toEqual({ kind: 'http', botToken: 'xoxb-1', signingSecret: 's', apiUrl: 'http://127.0.0.1:9/api/' });
  });
  it('console otherwise; descriptions never include secrets', () => {
    expect(chooseTransport({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual({ kind: 'console' });
    expect(chooseTransport({ SLACK_BOT_TOKEN: '  ' })).toEqual({ kind: 'console' });
    const d = describeTransport({ kind: 'socket', botToken: 'xoxb-secret', appToken: 'xapp-secret' });
    expect(d).not.toContain('secret');
  });
});

describe('cron in a time zone', () => {
  const monday9 = parseCron('0 9 * * 1');
  it('Monday 09:00 Berlin is 08:00Z in winter and 07:00Z in summer', () => {
    expect(iso(nextOccurrence(monday9, 'Europe/Berlin', Date.parse('2026-03-04T00:00:00Z')))).toBe(
      '2026-03-09T08:00:00.000Z',
    );
    expect(iso(nextOccurrence(monday9, 'Europe/Berlin', Date.parse('2026-03-25T00:00:00Z')))).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    expect(iso(previousOccurrence(monday9, 'Europe/Berlin', Date.parse('2026-03-09T07:59:59Z')))).toBe(
      '2026-03-02T08:00:00.000Z',
    );
    expect(iso(previousOccurrence(monday9, 'Europe/Berlin', Date.parse('2026-03-09T08:00:00Z')))).toBe(
      '2026-03-09T08:00:00.000Z',
    );
  });
  it('steps, ranges, lists and half-hour zones', () => {
    const c = parseCron('*/15 9-10 * * 1-5');
    expect(iso(nextOccurrence(c, 'UTC', Date.parse('2026-03-06T10:50:00Z')))).toBe('2026-03-09T09:00:00.000Z');
    expect(iso(nextOccurrence(parseCron('30 8 1,15 * *'), 'Asia/Kolkata', Date.parse('2026-03-02T00:00:00Z')))).toBe(
      '2026-03-15T03:00:00.000Z',
    );
  });
  it('rejects malformed expressions', () => {
    expect(() => parseCron('0 9 * *')).toThrow(/5 fields/);
    expect(() => parseCron('61 9 * * 1')).toThrow(/outside/);
  });
});

describe('roles', () => {
  it('users and user groups map to roles; everyone else is a viewer; an unreadable group grants nothing', async () => {
    const roles = new RoleResolver({ admins: ['UA'], operators: ['UO', 'SG', 'SBROKEN'], viewers: [] }, async (g) => {
      if (g === 'SBROKEN') throw new Error('missing_scope');
      return g === 'SG' ? ['UG'] : [];
    });
    expect(await roles.roleOf('UA')).toBe('admin');
    expect(await roles.roleOf('UO')).toBe('operator');
    expect(await roles.roleOf('UG')).toBe('operator');
    expect(await roles.roleOf('UX')).toBe('viewer');
  });
});

describe('parsing', () => {
  it('/capacity arguments in either order', () => {
    expect(parseCapacityArgs(['90d', 'eu-west-1'])).toEqual({ scope: 'eu-west-1', days: 90 });
    expect(parseCapacityArgs([])).toEqual({ days: 30 });
    expect(() => parseCapacityArgs(['a', 'b'])).toThrow(/extra/);
  });

  it('questions in the what-if grammar; others are not guessed', () => {
    expect(questionToWhatIfWords('What if we shed eu-west-1 at next-peak?', {})).toEqual([
      'shed',
      'eu-west-1',
      'at',
      'next-peak',
    ]);
    expect(questionToWhatIfWords('why is it slow?', {})).toBeNull();
  });

  it("the README's plain-English what-if is read deterministically; the grammar still wins when it parses", () => {
    expect(questionToWhatIfWords('what happens if we split eu-west-1 between eu-central-1 and us-east-1?', {})).toEqual(
      ['shed', 'eu-west-1', 'split', 'eu-central-1=0.5,us-east-1=0.5'],
    );
    expect(questionToWhatIfWords('what if shed eu-west-1 split eu-central-1=0.6,us-east-1=0.4', {})).toEqual([
      'shed',
      'eu-west-1',
      'split',
      'eu-central-1=0.6,us-east-1=0.4',
    ]);
    // in a recommendation's thread the drained unit is the recommendation's
    expect(
      questionToWhatIfWords('what if we move it to us-east-1?', { recommendation: { workUnit: 'eu-west-1' } as never }),
    ).toEqual(['shed', 'eu-west-1', 'split', 'us-east-1=1']);
  });

  it('the override form: shares must sum to 1 over known targets; a reason is required', () => {
    const v = (action: string, split: string, reason: string) => ({
      choice: {
        choice: {
          type: 'radio_buttons',
          selected_option: { value: action, text: { type: 'plain_text' as const, text: action } },
        },
      },
      split: { split: { type: 'plain_text_input', value: split } },
      reason: { reason: { type: 'plain_text_input', value: reason } },
    });
    const units = ['a', 'b', 'c'];
    expect(readOverrideForm(v('move', 'b=0.5,c=0.5', 'ok'), units, 'a')).toEqual({
      form: { action: 'move', split: { b: 0.5, c: 0.5 }, reason: 'ok' },
    });
    expect(readOverrideForm(v('move', 'a=1', 'ok'), units, 'a')).toEqual({
      errors: { split: 'Not a possible target: a' },
    });
    expect(readOverrideForm(v('none', '', ''), units, 'a')).toEqual({ errors: { reason: 'Say why, for the review.' } });
    expect(readOverrideForm(v('none', '', 'false alarm'), units, 'a')).toEqual({
      form: { action: 'none', split: {}, reason: 'false alarm' },
    });
  });
});

describe('the fleet file’s slack section', () => {
  const base = readFileSync(new URL('../../manifests/fleet.example.yaml', import.meta.url), 'utf8');
  it('is optional, with loopback and Monday-09:00 defaults', () => {
    expect(parseFleetConfig(base).slack).toBeUndefined();
    const config = parseFleetConfig(`${base}\nslack:\n  channel: C0OPS\n`);
    expect(config.slack).toEqual({
      channel: 'C0OPS',
      report: { cron: '0 9 * * 1', timezone: 'UTC' },
      http: { host: '127.0.0.1', port: 3000, path: '/slack/events' },
    });
  });
  it('rejects a channel name and an unknown time zone', () => {
    expect(() => parseFleetConfig(`${base}\nslack:\n  channel: '#ops'\n`)).toThrow(/channel ID/);
    expect(() =>
      parseFleetConfig(`${base}\nslack:\n  channel: C0OPS\n  report: { cron: '0 9 * * 1', timezone: Mars/Olympus }\n`),
    ).toThrow(/timezone/);
  });
  it('rejects a report cron it cannot run when the file is loaded, naming the path (not later, after connecting)', () => {
    expect(() =>
      parseFleetConfig(`${base}\nslack:\n  channel: C0OPS\n  report: { cron: '61 9 * * 1', timezone: UTC }\n`),
    ).toThrow(/slack\.report\.cron: expected cron "61 9 \* \* 1": minute "61" is outside 0-59/);
    expect(() => parseFleetConfig(`${base}\nslack:\n  channel: C0OPS\n  report: { cron: '0 9 * *' }\n`)).toThrow(
      /expected 5 fields/,
    );
  });
});
