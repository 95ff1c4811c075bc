// Reading a trace in OTLP JSON (what Tempo's /api/v2/traces/{id} returns): ids in hex or base64,
// attribute values of any OTLP type, status codes as numbers or names.
import type { SpanSummary, Trace } from '../evidence.js';

interface OtlpAttribute {
  key: string;
  value?: Record<string, unknown>;
}

interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  name?: string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpAttribute[];
  status?: { code?: number | string };
}

interface OtlpResourceSpans {
  resource?: { attributes?: OtlpAttribute[] };
  scopeSpans?: { spans?: OtlpSpan[] }[];
  instrumentationLibrarySpans?: { spans?: OtlpSpan[] }[];
}

/** An OTLP id as lower-case hex (OTLP JSON says hex; protobuf JSON marshalling writes base64). */
export function idHex(id: string | undefined): string {
  if (!id) return '';
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 16 || id.length === 32)) return id.toLowerCase();
  return Buffer.from(id, 'base64').toString('hex');
}

export function attributeValue(v: Record<string, unknown> | undefined): string {
  if (!v) return '';
  for (const key of ['stringValue', 'intValue', 'doubleValue', 'boolValue']) if (key in v) return String(v[key]);
  return JSON.stringify(v);
}

function attributes(list: OtlpAttribute[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((a) => [a.key, attributeValue(a.value)]));
}

function ms(nanos: string | number | undefined): number {
  if (nanos === undefined) return Number.NaN;
  return Number(BigInt(String(nanos)) / 1_000n) / 1_000;
}

/** The trace's spans, or a reason the document is not an OTLP trace. */
export function traceFromOtlp(
  traceId: string,
  doc: unknown,
): (Trace & { resources: Record<string, string>[] }) | string {
  const d = doc as {
    trace?: { resourceSpans?: unknown; batches?: unknown };
    resourceSpans?: unknown;
    batches?: unknown;
  } | null;
  const batches = (d?.trace?.resourceSpans ?? d?.trace?.batches ?? d?.resourceSpans ?? d?.batches) as
    | OtlpResourceSpans[]
    | undefined;
  if (!Array.isArray(batches)) return 'no trace.resourceSpans list';
  const spans: SpanSummary[] = [];
  const resources: Record<string, string>[] = [];
  for (const rs of batches) {
    const resource = attributes(rs.resource?.attributes);
    resources.push(resource);
    for (const scope of [...(rs.scopeSpans ?? []), ...(rs.instrumentationLibrarySpans ?? [])]) {
      for (const s of scope.spans ?? []) {
        const startMs = ms(s.startTimeUnixNano);
        const endMs = ms(s.endTimeUnixNano);
        if (!Number.isFinite(startMs) || !Number.isFinite(endMs))
          return `span ${s.spanId ?? '?'} lacks start or end time`;
        const code = s.status?.code;
        spans.push({
          spanId: idHex(s.spanId),
          service: resource['service.name'] ?? '',
          name: s.name ?? '',
          startMs,
          durationMs: Math.round((endMs - startMs) * 1000) / 1000,
          error: code === 2 || code === 'STATUS_CODE_ERROR',
          attributes: attributes(s.attributes),
        });
      }
    }
  }
  return { traceId, spans, resources };
}
