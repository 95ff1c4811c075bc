// The progress line is built from a tool call the model asked for: only a tool-shaped name and
// work-unit ids may reach Slack, never text the model was led to write.
import { describe, expect, it } from 'vitest';
import { STATUS_MAX, toolStatus } from '../../bot/agent/progress.js';
import { answerText } from '../../bot/slack/events/ask.js';

const KNOWN = new Set(['us-east-1', 'eu-west-1', 'eu-central-1']);

describe('toolStatus', () => {
  it('names the tool and the units asked about', () => {
    expect(toolStatus('get_headroom', { workUnit: 'us-east-1' })).toBe('checking headroom of us-east-1…');
    expect(toolStatus('simulate_migration', { from: ['eu-west-1'] }, KNOWN)).toBe('simulating migration of eu-west-1…');
    expect(toolStatus('list_work_units', {})).toBe('listing work units…');
  });

  it.each([
    ['<!channel>'],
    ['<!here>'],
    ['<!subteam^S0ONCALL>'],
    ['<https://evil.example|click here>'],
    ['<@U0BOSS01>'],
    ['us-east-1 <!channel>'],
    ['EU-WEST-1'],
    ['a'.repeat(80)],
  ])('leaves out a subject that is not a work-unit id: %s', (subject) => {
    expect(toolStatus('get_headroom', { workUnit: subject })).toBe('checking headroom…');
    expect(toolStatus('get_headroom', { workUnits: ['us-east-1', subject] })).toBe('checking headroom…');
  });

  it('with the fleet’s ids, names only known units', () => {
    expect(toolStatus('get_headroom', { workUnit: 'mars-1' }, KNOWN)).toBe('checking headroom…');
    expect(toolStatus('get_headroom', { workUnit: 'eu-central-1' }, KNOWN)).toBe('checking headroom of eu-central-1…');
  });

  it('a tool name that is not tool-shaped is not shown', () => {
    expect(toolStatus('<!channel>_now', { workUnit: 'us-east-1' })).toBe('running a tool…');
    expect(toolStatus('get headroom <@U0BOSS01>', {})).toBe('running a tool…');
  });

  it('is one short line', () => {
    const status = toolStatus(`get_${'very_'.repeat(9)}long`, { workUnits: ['a'.repeat(40), 'b'.repeat(40)] });
    expect(status.length).toBeLessThanOrEqual(STATUS_MAX);
    expect(status.endsWith('…')).toBe(true);
  });
});

describe('answerText', () => {
  it('escapes a model’s text and leaves Headroom’s own', () => {
    expect(answerText({ text: '<!here> *a* & `b` > c', fromModel: true })).toBe('&lt;!here&gt; *a* &amp; `b` &gt; c');
    expect(answerText({ text: '<https://headroom.example|docs> &amp;' })).toBe('<https://headroom.example|docs> &amp;');
  });

  it('a long answer is cut without splitting an escape', () => {
    const text = answerText({ text: `${'x'.repeat(29_994)}<<<`, fromModel: true });
    expect(text.length).toBeLessThanOrEqual(30_000);
    expect(text).toMatch(/x&lt;…$/);
  });
});
