import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAST_REPORT_META } from '../../bot/slack/report/scheduler.js';
import { slashCommand } from './fake-slack/payloads.js';
import { FakeSlack } from './fake-slack/server.js';
import { ADMIN, type Harness, LEADERS, OPERATOR, startHarness } from './harness.js';

// Schedule in the test config: Monday 09:00 Europe/Berlin (UTC+1 in March) = 08:00Z.
let fake: FakeSlack;
let dir: string;
let h: Harness;
beforeAll(async () => {
  fake = await new FakeSlack().start();
  dir = mkdtempSync(join(tmpdir(), 'headroom-report-'));
});
afterAll(async () => {
  await h?.close();
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

const reports = () => fake.posts(LEADERS).filter((m) => !m.threadTs);

describe('the weekly report', () => {
  it('first start: nothing to catch up', async () => {
    h = await startHarness({ fake, dir, at: '2026-03-09T07:59:00Z' });
    expect(reports()).toHaveLength(0);
    expect(h.store.getMeta(LAST_REPORT_META)).toBeDefined();
  });

  it('runs at the scheduled time in the configured zone, with its chart in the thread', async () => {
    h.clock.set('2026-03-09T07:59:59Z');
    await h.bot.scheduler.tick();
    expect(reports()).toHaveLength(0);
    h.clock.set('2026-03-09T08:00:30Z');
    await h.bot.scheduler.tick();
    expect(reports()).toHaveLength(1);
    const r = reports()[0]!;
    const text = JSON.stringify(r.blocks);
    expect(text).toContain('Headroom weekly report — 2026-03-09');
    expect(text).toContain('*Risk ranking*');
    expect(text).toMatch(/1\. \*[a-z0-9-]+\* — headroom at peak/);
    expect(text).toContain('Cost of current routing');
    expect(text).toContain('Shadow-mode agreement');
    const upload = fake.callsOf('files.completeUploadExternal').at(-1)!;
    expect(upload.args).toMatchObject({ channel_id: LEADERS, thread_ts: r.ts });
    await h.bot.scheduler.tick();
    expect(reports()).toHaveLength(1);
  });

  it('a run missed while the bot was down runs once at start, not once per missed week', async () => {
    await h.close();
    h = await startHarness({ fake, dir, at: '2026-03-24T10:00:00Z' }); // missed 16 and 23 March
    expect(reports()).toHaveLength(2);
    expect(JSON.stringify(reports()[1]!.blocks)).toContain('2026-03-23');
    await h.restart();
    expect(reports()).toHaveLength(2);
  });

  it('a chart that cannot be uploaded: the report is posted once, the thread says why, and it is not posted again', async () => {
    const before = reports().length;
    fake.failNext('files.getUploadURLExternal', { status: 200, error: 'missing_scope' });
    h.clock.set('2026-03-30T07:00:30Z'); // Monday 09:00 in Berlin, summer time from 29 March
    await h.bot.scheduler.tick();
    expect(reports()).toHaveLength(before + 1);
    const r = reports().at(-1)!;
    const note = fake.posts(LEADERS).find((m) => m.threadTs === r.ts && /chart could not be attached/.test(m.text));
    expect(note?.text).toBe('_The chart could not be attached (missing_scope)._');
    h.clock.set('2026-03-30T07:20:00Z'); // past the scheduler's 5-minute retry: nothing to retry
    await h.bot.scheduler.tick();
    expect(reports()).toHaveLength(before + 1);
  });

  it('/capacity report: admins post it now; operators are refused and audited', async () => {
    const before = reports().length;
    const refused = slashCommand(fake, { command: '/capacity', text: 'report', user: OPERATOR });
    await fake.send('slash_commands', refused.payload);
    const no = await fake.waitFor(() => fake.responses.find((r) => r.id === refused.responseId), 5000, 'refusal');
    expect(String(no.body.text)).toContain('only admins');
    expect(h.store.listAudit({}).at(-1)).toMatchObject({ kind: 'access.refused', actor: OPERATOR });
    expect(reports()).toHaveLength(before);

    const ok = slashCommand(fake, { command: '/capacity', text: 'report', user: ADMIN });
    await fake.send('slash_commands', ok.payload);
    const yes = await fake.waitFor(() => fake.responses.find((r) => r.id === ok.responseId), 10_000, 'posted');
    expect(String(yes.body.text)).toContain(`<#${LEADERS}>`);
    expect(reports()).toHaveLength(before + 1);
  });
});
