// A chart that cannot be drawn: /capacity keeps its answer and says so apart.
import { afterEach, describe, expect, it } from 'vitest';
import { slashCommand } from './fake-slack/payloads.js';
import { type Harness, OPS, startHarness, VIEWER } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('/capacity when the chart fails', () => {
  it('posts the capacity answer, then an ephemeral note; the answer is not replaced by an error', async () => {
    h = await startHarness({
      at: '2026-03-03T21:10:00Z',
      renderChart: async () => {
        throw new Error('sharp: unsupported image');
      },
    });
    const { payload, responseId } = slashCommand(h.fake, {
      command: '/capacity',
      text: 'eu',
      user: VIEWER,
      channel: OPS,
    });
    await h.fake.send('slash_commands', payload);
    const note = await h.fake.waitFor(
      () => h!.fake.responses.find((r) => r.id === responseId && r.body.response_type === 'ephemeral'),
      10_000,
      'the ephemeral note',
    );
    expect(note.body.text).toBe('The chart could not be drawn (internal error, logged).');
    const answers = h.fake.responses.filter((r) => r.id === responseId && r.body.replace_original === true);
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers[0]!.body.blocks)).toContain('Capacity — next 30 days');
    expect(h.fake.callsOf('files.completeUploadExternal')).toHaveLength(0);
  });
});
