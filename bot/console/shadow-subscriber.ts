import { shadowEventText } from '../format/events-text.js';
import { incidentUpdateText } from '../format/incident-text.js';
import type { IncidentUpdate } from '../incidents/service.js';
import type { ShadowServiceLog, ShadowSubscriber } from '../shadow/service.js';

/** The console as a front end of the shadow service: each episode and incident update as text. */
export function consoleShadowSubscriber(say: (text: string) => void): ShadowSubscriber<IncidentUpdate> {
  return {
    name: 'console',
    episodes: ({ events }) => {
      for (const e of events) say(shadowEventText(e));
    },
    incidents: ({ updates }) => {
      for (const u of updates) say(incidentUpdateText(u));
    },
  };
}

/** The shadow service's warnings and errors as terminal lines (stderr), not JSON. */
export function terminalLog(write: (line: string) => void): ShadowServiceLog {
  const line = (level: string, detail: Record<string, unknown>, msg: string) => {
    const why = detail.err ?? detail.reason;
    const who = detail.subscriber ? ` (${String(detail.subscriber)})` : '';
    write(`${level}: ${msg}${who}${why === undefined ? '' : `: ${String(why)}`}\n`);
  };
  return {
    warn: (detail, msg) => line('warning', detail, msg),
    error: (detail, msg) => line('error', detail, msg),
  };
}
