// Times given by people (CLI options, scenario files): ISO 8601 with a zone, checked field by field
// so that 2026-02-30 is an error instead of quietly becoming 2 March.

const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))$/;
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

export const ISO_EXAMPLE = '2026-03-03T21:30:00Z';

/** The instant, or why the text is not one (a sentence that completes "cannot read … as a time: "). */
export function parseIsoInstant(text: string): { ms: number } | { problem: string } {
  const m = ISO_WITH_ZONE.exec(text);
  if (!m) {
    if (ISO_WITHOUT_ZONE.test(text))
      return { problem: `it has no zone; add Z for UTC or an offset like +01:00 (e.g. ${ISO_EXAMPLE})` };
    return { problem: `use ISO 8601 with a zone, e.g. ${ISO_EXAMPLE}` };
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12) return { problem: `there is no month ${m[2]}` };
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return { problem: `${m[1]}-${m[2]} has ${days} days, not ${day}` };
  if (hour > 23 || minute > 59 || second > 59)
    return { problem: `${m[4]}:${m[5]}${m[6] ? `:${m[6]}` : ''} is not a time of day` };
  if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59))
    return { problem: `${m[7]} is not a zone offset` };
  return { ms: Date.parse(text) };
}
