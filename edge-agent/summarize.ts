import type { AgentConfig } from './config.js';
import type { CheckReport, Summary } from './wire/index.js';

export type ModelConfig = NonNullable<AgentConfig['model']>;

/** A plain, reproducible summary of a Check report: the answer whenever the local model is absent or fails. */
export function deterministicSummary(report: CheckReport): string {
  const state = {
    HEALTH_HEALTHY: 'healthy',
    HEALTH_UNHEALTHY: 'unhealthy',
    HEALTH_UNKNOWN: 'unknown',
    HEALTH_UNSPECIFIED: 'unknown',
  }[report.health];
  const parts = [`${report.workUnit}: ${state}.`];
  if (report.reasons.length > 0) parts.push(`Reasons: ${report.reasons.join('; ')}.`);
  const probes = report.probes;
  if (probes.length > 0) parts.push(`Probes: ${probes.filter((p) => p.ok).length}/${probes.length} ok.`);
  const el = report.errorLog;
  if (el.available) parts.push(`Error log: ${el.perMinute.toFixed(1)}/min (threshold ${el.thresholdPerMinute}/min).`);
  const fresh = report.metrics.samples.filter((s) => !s.stale);
  const m = new Map(fresh.map((s) => [s.metric, s]));
  const shown: string[] = [];
  const er = m.get('errorRate');
  if (er) shown.push(`error rate ${(er.value * 100).toFixed(2)} %`);
  const p95 = m.get('latencyP95');
  if (p95) shown.push(`p95 ${Math.round(p95.value)} ms`);
  const cpu = m.get('cpu');
  if (cpu) shown.push(`cpu ${(cpu.value * 100).toFixed(0)} %`);
  if (shown.length > 0) {
    const oldest = Math.max(...fresh.map((s) => s.age.ageMs));
    parts.push(`Metrics (${report.metrics.source}, up to ${Math.round(oldest / 1000)} s old): ${shown.join(', ')}.`);
    if (report.metrics.note) parts.push(`Metrics note: ${report.metrics.note}.`);
  } else {
    parts.push(`Metrics: ${report.metrics.note || 'none'}.`);
  }
  parts.push(`Check cycle ${Math.round(report.cycle.ageMs / 1000)} s old; agent ${report.agentVersion}.`);
  return parts.join(' ');
}

/**
 * Asks the local OpenAI-compatible server for a short summary of the report. Any failure — no model
 * configured, timeout, HTTP error, malformed answer — yields the deterministic summary and says why.
 */
export async function summarize(
  report: CheckReport,
  question: string,
  maxTokens: number,
  model: ModelConfig | undefined,
  now: () => number = Date.now,
): Promise<Summary> {
  const started = performance.now();
  const fallback = (reason: string): Summary => ({
    text: deterministicSummary(report),
    source: 'deterministic',
    model: '',
    fallbackReason: reason,
    generatedAtMs: now(),
    latencyMs: performance.now() - started,
  });
  if (!model) return fallback('no local model configured');
  try {
    const text = await askModel(report, question, Math.min(maxTokens || model.maxTokens, model.maxTokens), model);
    return {
      text,
      source: 'model',
      model: model.model,
      fallbackReason: '',
      generatedAtMs: now(),
      latencyMs: performance.now() - started,
    };
  } catch (err) {
    return fallback(err instanceof Error ? err.message : String(err));
  }
}

async function askModel(report: CheckReport, question: string, maxTokens: number, model: ModelConfig): Promise<string> {
  const url = new URL('v1/chat/completions', model.endpoint.endsWith('/') ? model.endpoint : `${model.endpoint}/`);
  const messages = [
    {
      role: 'system',
      content:
        'You summarise the local health report of one work unit for an SRE, in at most three sentences. ' +
        'Use only numbers present in the report. Say when data is missing or old.',
    },
    {
      role: 'user',
      content: `${question || 'Summarise the current local state.'}\n\nReport (JSON):\n${JSON.stringify(report)}`,
    },
  ];
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: model.model, messages, max_tokens: maxTokens, temperature: 0 }),
      signal: AbortSignal.timeout(model.timeoutMs),
    });
  } catch (err) {
    const name = (err as Error).name;
    throw new Error(
      name === 'TimeoutError' || name === 'AbortError'
        ? `local model timed out after ${model.timeoutMs} ms`
        : `local model unreachable (${causeOf(err)})`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`local model answered HTTP ${res.status}`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    const name = (err as Error).name;
    throw new Error(
      name === 'TimeoutError' || name === 'AbortError'
        ? `local model timed out after ${model.timeoutMs} ms`
        : 'local model answered malformed JSON',
    );
  }
  const text = (body as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
  if (typeof text !== 'string' || !text.trim()) throw new Error('local model answer has no choices[0].message.content');
  return text.trim();
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
