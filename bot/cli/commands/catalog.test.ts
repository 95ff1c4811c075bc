import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { COMMANDS } from './index.js';

describe('the command catalog (loaded lazily)', () => {
  it('lists each command under the name and summary the command itself carries', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
      expect(command.help.length).toBeGreaterThan(0);
    }
  });

  it('--help lists every command without loading any of them', async () => {
    const loaded: string[] = [];
    const spied = COMMANDS.map((e) => ({ ...e, load: e.load }));
    for (const e of COMMANDS) {
      const original = e.load;
      e.load = () => {
        loaded.push(e.name);
        return original();
      };
    }
    let out = '';
    const stdout = {
      write: (s: string) => {
        out += s;
        return true;
      },
    };
    try {
      expect(await main(['--help'], { stdout: stdout as never })).toBe(0);
    } finally {
      COMMANDS.forEach((e, i) => {
        e.load = spied[i]!.load;
      });
    }
    for (const e of COMMANDS) expect(out).toContain(e.name);
    expect(loaded).toEqual([]);
  });
});
