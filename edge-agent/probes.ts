import { readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import type { ProbeConfig } from './config.js';

export interface ProbeOutcome {
  name: string;
  kind: 'listener' | 'process';
  ok: boolean;
  detail: string;
  latencyMs: number;
  observedAtMs: number;
}

export async function runProbe(probe: ProbeConfig, now: () => number): Promise<ProbeOutcome> {
  const started = performance.now();
  const result =
    probe.kind === 'listener'
      ? await tcpConnect(probe.host, probe.port, probe.timeoutMs)
      : await findProcess(probe.match);
  return {
    name: probe.name,
    kind: probe.kind,
    ok: result.ok,
    detail: result.detail,
    latencyMs: performance.now() - started,
    observedAtMs: now(),
  };
}

/** A listener is up when a TCP connection opens within the timeout; nothing is sent on it. */
function tcpConnect(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean, detail: string) => {
      socket.destroy();
      resolve({ ok, detail });
    };
    socket.setTimeout(timeoutMs, () => finish(false, `${host}:${port} did not accept within ${timeoutMs} ms`));
    socket.once('connect', () => finish(true, `${host}:${port} accepts connections`));
    socket.once('error', (err: NodeJS.ErrnoException) => finish(false, `${host}:${port} ${err.code ?? err.message}`));
  });
}

/** Looks through /proc for a command line containing `match` (Linux only; elsewhere the probe fails saying so). */
async function findProcess(match: string): Promise<{ ok: boolean; detail: string }> {
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
  } catch {
    return { ok: false, detail: 'cannot list processes (/proc unavailable)' };
  }
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue; // the agent's own command line may contain the pattern
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      if (cmdline.includes(match)) return { ok: true, detail: `pid ${pid} matches "${match}"` };
    } catch {
      // the process ended while we looked
    }
  }
  return { ok: false, detail: `no process matches "${match}"` };
}
