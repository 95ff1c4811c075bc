// Slack builders that show untrusted text (an alert's summary in a signal, a recommendation's
// summary, a decision's reason, a model's answer, a failure message) defang its links and images
// with the same function as on the way to Claude; internal hosts stay clickable; Headroom's own
// figures and unit ids are untouched.
import { afterEach, describe, expect, it } from 'vitest';
import { setInternalLinkHosts } from '../../bot/agent/untrusted-links.js';
import { fleetMessage } from '../../bot/slack/blocks/fleet.js';
import { failoverPlanMessage } from '../../bot/slack/blocks/plan.js';
import { recommendationMessage } from '../../bot/slack/blocks/recommendation.js';
import { answerText } from '../../bot/slack/events/ask.js';
import { evaluationFailedText } from '../../bot/slack/shadow/evaluation-notice.js';
import { decisions, fleetStatus, openRecommendation, planReport } from './fixtures.js';

afterEach(() => setInternalLinkHosts([]));

const HOSTILE =
  'HighErrorRate: see https://evil.example/p?d=1 or [runbook](https://evil.example/r) ![x](https://evil.example/i.png) www.evil.example';

/** Everything Slack would render or notify from a message. */
const rendered = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

function expectDefanged(out: string) {
  expect(out).not.toMatch(/https?:\/\/evil\.example/i);
  expect(out).not.toContain('www.evil.example');
  expect(out).not.toContain('![');
  expect(out).toContain('hxxps://evil[.]example/p?d=1');
  expect(out).toContain('[image removed: x]');
}

describe('untrusted text in Slack blocks is defanged', () => {
  const report = {
    ...planReport,
    signals: [
      { ...planReport.signals[0]!, source: 'alertmanager' as const, detail: `HighErrorRate firing: ${HOSTILE}` },
    ],
    reasons: [`alertmanager: ${HOSTILE}`],
  };

  it('the alert summary in a plan’s signals and reasons', () => {
    const out = rendered(failoverPlanMessage(report));
    expectDefanged(out);
    expect(out).toContain('eu-central-1');
    expect(out).toContain('62 %');
  });

  it('a recommendation’s summary (blocks and notification text) and a decision’s reason', () => {
    const rec = { ...openRecommendation, summary: `Cannot assess eu-west-1: ${HOSTILE}`, payload: { report } };
    const withReason = decisions.map((d) => ({ ...d, content: { ...(d.content as object), reason: HOSTILE } }));
    const out = rendered(recommendationMessage(rec, withReason));
    expectDefanged(out);
    expect(out).not.toContain('\u202e');
  });

  it('open recommendations in the fleet view', () => {
    const rec = { ...openRecommendation, summary: `Watch eu-west-1: ${HOSTILE}` };
    expectDefanged(rendered(fleetMessage(fleetStatus, [rec], { rate: null, followed: 0, decisions: 0 })));
  });

  it('a model’s answer, which may copy a link from the data', () => {
    const out = answerText({ text: `The alert says: ${HOSTILE}`, fromModel: true });
    expectDefanged(out);
  });

  it('a failure message posted to the channel', () => {
    expect(evaluationFailedText(0, 'fetch failed: https://evil.example/q')).toContain('hxxps://evil[.]example/q');
  });

  it('bidi controls in data are stripped', () => {
    const out = answerText({ text: 'ok \u202egnp.exe\u202c done', fromModel: true });
    expect(out).toBe('ok gnp.exe done');
  });

  it('links to an internal host on the allow-list stay clickable', () => {
    setInternalLinkHosts(['grafana.corp.example']);
    const out = answerText({
      text: 'See https://grafana.corp.example/d/abc and https://evil.example/x',
      fromModel: true,
    });
    expect(out).toBe('See https://grafana.corp.example/d/abc and hxxps://evil[.]example/x');
  });
});
