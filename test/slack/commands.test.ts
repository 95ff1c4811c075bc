import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommand } from './fake-slack/payloads.js';
import { type Harness, OPERATOR, OPS, startHarness, VIEWER } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ at: '2026-03-03T21:10:00Z' });
  await h.bot.pollNow(); // opens the eu-west-1 failover recommendation
});
afterAll(async () => {
  await h?.close();
});

async function run(command: string, text: string, user = VIEWER) {
  const { payload, responseId } = slashCommand(h.fake, { command, text, user, channel: OPS });
  const ack = (await h.fake.send('slash_commands', payload)) as {
    text?: string;
    response_type?: string;
    blocks?: unknown[];
  };
  const response = await h.fake.waitFor(
    () => h.fake.responses.find((r) => r.id === responseId && r.body.replace_original === true),
    10_000,
    `${command} response`,
  );
  return { ack, response: response.body as { text: string; blocks: { type: string; text?: { text: string } }[] } };
}

const allText = (blocks: unknown) => JSON.stringify(blocks);

describe('slash commands through Socket Mode', () => {
  it('/failover with no argument: fleet health, open recommendations and agreement', async () => {
    const { ack, response } = await run('/failover', '');
    expect(ack.text).toMatch(/^Working on/);
    const text = allText(response.blocks);
    expect(text).toContain('Fleet health');
    expect(text).toContain('eu-west-1');
    expect(text).toMatch(/#\d+ \*eu-west-1\* failover/);
    expect(text).toContain('Shadow-mode agreement: no decisions yet');
  });

  it('/failover <wu>: the plan as Block Kit with the decision buttons', async () => {
    const { response } = await run('/failover', 'eu-west-1', OPERATOR);
    const text = allText(response.blocks);
    expect(text).toContain('Failover plan for eu-west-1');
    expect(text).toContain('FAILOVER recommended');
    expect(text).toContain('*Signals*');
    expect(text).toMatch(/headroom after \d+ %/);
    expect(text).toContain('Cost of the move');
    expect(response.blocks.at(-1)?.type).toBe('actions');
    expect(text).toContain('recommendation.follow');
  });

  it('/failover on an unknown unit says which units exist', async () => {
    const { response } = await run('/failover', 'mars-1');
    expect(response.text).toContain('unknown work unit "mars-1"');
    expect(response.text).toContain('eu-central-1');
  });

  it('/capacity: headroom, crossing date and the chart uploaded in the channel', async () => {
    const before = h.fake.callsOf('files.completeUploadExternal').length;
    const { response } = await run('/capacity', 'eu 60d');
    const text = allText(response.blocks);
    expect(text).toContain('Capacity — next 60 days');
    expect(text).toContain('eu-west-1');
    expect(text).toContain('eu-central-1');
    expect(text).not.toContain('us-east-1');
    expect(text).toMatch(/crosses safe capacity \d{4}-\d\d-\d\d|no crossing within 60 d/);
    const complete = await h.fake.waitFor(
      () => h.fake.callsOf('files.completeUploadExternal')[before],
      10_000,
      'chart upload',
    );
    expect(complete.args.channel_id).toBe(OPS);
    const fileId = (JSON.parse(String(complete.args.files)) as { id: string }[])[0]!.id;
    const png = h.fake.uploads.get(fileId)!.bytes;
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThan(500);
  });

  it('/capacity in a thread puts the chart in the thread', async () => {
    const before = h.fake.callsOf('files.completeUploadExternal').length;
    const { payload } = slashCommand(h.fake, {
      command: '/capacity',
      text: 'eu-west-1',
      user: VIEWER,
      threadTs: '1700000000.000001',
    });
    await h.fake.send('slash_commands', payload);
    const complete = await h.fake.waitFor(
      () => h.fake.callsOf('files.completeUploadExternal')[before],
      10_000,
      'upload',
    );
    expect(complete.args.thread_ts).toBe('1700000000.000001');
  });

  it('/capacity whatif: the planner on a hypothetical state', async () => {
    const { response } = await run(
      '/capacity',
      'whatif shed eu-west-1 split eu-central-1=0.6,us-east-1=0.4 at next-peak',
    );
    const text = allText(response.blocks);
    expect(text).toContain('What-if');
    expect(text).toMatch(/feasible/);
    expect(text).toContain('eu-central-1');
  });

  it('help on both commands, answered in the ack', async () => {
    for (const command of ['/failover', '/capacity']) {
      const { payload } = slashCommand(h.fake, { command, text: 'help', user: VIEWER });
      const ack = (await h.fake.send('slash_commands', payload)) as { blocks: unknown[] };
      expect(allText(ack.blocks)).toContain(`${command}`);
    }
  });

  it('a bad horizon is a usage error', async () => {
    const { response } = await run('/capacity', '45d');
    expect(response.text).toContain('30d, 60d or 90d');
  });
});
