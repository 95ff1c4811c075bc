import type { FailoverReportData } from '../../../tools/registry/contracts.js';
import type { Button, KnownBlock } from '../slack-types.js';
import {
  context,
  esc,
  fields,
  header,
  money,
  pct,
  rps,
  section,
  signedMs,
  untrustedText,
  VERDICT_LABEL,
  when,
} from './kit.js';
import { capLines, fitBlocks, joinWithin } from './limits.js';

/**
 * The plan as stored with a recommendation and as shown by /failover <wu>: the JSON contract of the
 * core's report (failoverJson's return type), older stored payloads included.
 */
export type PlanReport = FailoverReportData;

/** The body of a plan: verdict and confidence, signals, targets, cost, stages, rejected candidates, notes. */
export function planBodyBlocks(r: PlanReport): KnownBlock[] {
  const plan = r.plan;
  const blocks: KnownBlock[] = [
    fields([
      `*Verdict*\n${VERDICT_LABEL[r.verdict] ?? r.verdict}`,
      `*Confidence*\n${r.confidence}`,
      `*Load now*\n${rps(r.load)} of safe ${rps(r.safeCapacity)}`,
      `*Headroom now*\n${pct(r.headroom)}`,
    ]),
  ];
  if (r.reasons.length > 0) blocks.push(context(...capLines(r.reasons.map(untrustedText), 10)));
  blocks.push(
    section(
      joinWithin([
        '*Signals*',
        ...r.signals.map((s) => `• \`${s.status}\` *${s.source}* — ${untrustedText(s.detail)}`),
      ]),
    ),
  );
  const head = plan.feasible
    ? `*Plan* — move ${rps(plan.movedLoad)} (forecast peak of the next ${r.planningHorizonHours} h)`
    : `*No feasible plan* — ${rps(plan.shedRequired)} must be shed; what fits is below`;
  blocks.push(
    section(
      joinWithin([
        head,
        ...plan.targets.map(
          (t) =>
            `• *${t.workUnit}* ${pct(t.share)} · ${rps(t.load)} · headroom after ${pct(t.headroomAfter)} · TTFB p95 ${signedMs(t.ttfbP95DeltaMs)}${t.coldStart ? ' · _cold start_' : ''}${replayedText(t.replayed)}${t.lastResort ? `\n    _last resort_ — ${esc(t.lastResort)}` : ''}`,
        ),
        `Cost of the move: ${money(plan.costPerHourDelta)}`,
      ]),
    ),
  );
  if (plan.stages.length > 1) {
    blocks.push(section(joinWithin(['*Staged steps*', ...plan.stages.map((s) => `${s.step}. ${esc(s.description)}`)])));
  }
  if (r.rejected.length > 0) {
    blocks.push(section(joinWithin(['*Not used*', ...r.rejected.map((x) => `• *${x.workUnit}* — ${esc(x.reason)}`)])));
  }
  const notes = [...plan.notes, ...(plan.replay?.notes ?? []).map((n) => `replay: ${n}`)];
  if (notes.length > 0) blocks.push(context(...capLines(notes.map(esc), 10)));
  return blocks;
}

/** The replayed outcome of a target (predicted at the forecast peak with the herd spike). */
function replayedText(o: PlanReport['plan']['targets'][number]['replayed']): string {
  if (!o) return '';
  const perRequest =
    o.modelled && o.p95Ms !== null
      ? ` · p95 ${Math.round(o.p95Ms)} ms · errors ${((o.errorRate ?? 0) * 100).toFixed(2)} %`
      : '';
  const state = o.distress ? ` · *replay: distress* (${esc(o.reasons.join(', '))})` : ' · replay: no distress';
  return `\n    replayed peak: ${o.bindingResource} ${pct(o.peakUtilisation ?? Number.NaN)}${perRequest}${state}`;
}

export interface DecisionTarget {
  recommendationId: number;
  revision: number;
}

export const ACTION_IDS = {
  follow: 'recommendation.follow',
  override: 'recommendation.override',
  notIncident: 'recommendation.not_incident',
} as const;

/**
 * Follow / Override… / Not an incident, carrying the recommendation id and the revision the operator
 * saw; with the unit, Declare incident / Snooze… in the same row.
 */
export function decisionButtons(target: DecisionTarget, workUnit?: string): KnownBlock {
  const value = JSON.stringify({ id: target.recommendationId, rev: target.revision });
  return {
    type: 'actions',
    block_id: `decide.${target.recommendationId}`,
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.follow,
        text: { type: 'plain_text', text: 'Follow' },
        style: 'primary',
        value,
      },
      { type: 'button', action_id: ACTION_IDS.override, text: { type: 'plain_text', text: 'Override…' }, value },
      {
        type: 'button',
        action_id: ACTION_IDS.notIncident,
        text: { type: 'plain_text', text: 'Not an incident' },
        style: 'danger',
        value,
      },
      ...(workUnit ? incidentButtonElements({ workUnit, recommendationId: target.recommendationId }) : []),
    ],
  };
}

export const INCIDENT_ACTION_IDS = {
  declare: 'incident.declare',
  snooze: 'incident.snooze',
} as const;

/** What the incident buttons carry: the unit, and the recommendation when there is one. */
export interface IncidentTarget {
  workUnit: string;
  recommendationId?: number;
}

export function incidentTarget(value: string | undefined): IncidentTarget | null {
  try {
    const v = JSON.parse(value ?? '') as { wu?: unknown; rec?: unknown };
    if (typeof v.wu !== 'string' || !v.wu) return null;
    return { workUnit: v.wu, ...(Number.isInteger(v.rec) ? { recommendationId: v.rec as number } : {}) };
  } catch {
    return null;
  }
}

/** Declare incident / Snooze…, on the recommendation and on /failover <wu> answers. */
export function incidentButtons(target: IncidentTarget): KnownBlock {
  return {
    type: 'actions',
    block_id: `incident.${target.workUnit}`.slice(0, 255),
    elements: incidentButtonElements(target),
  };
}

function incidentButtonElements(target: IncidentTarget): Button[] {
  const value = JSON.stringify({
    wu: target.workUnit,
    ...(target.recommendationId ? { rec: target.recommendationId } : {}),
  });
  return [
    {
      type: 'button',
      action_id: INCIDENT_ACTION_IDS.declare,
      text: { type: 'plain_text', text: 'Declare incident' },
      value,
    },
    { type: 'button', action_id: INCIDENT_ACTION_IDS.snooze, text: { type: 'plain_text', text: 'Snooze…' }, value },
  ];
}

/** /failover <wu>: the plan, with the decision buttons when the unit has an open recommendation. */
export function failoverPlanMessage(r: PlanReport, open?: DecisionTarget): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    header(`Failover plan for ${r.workUnit}`),
    context(`As of ${when(Date.parse(r.at))} · shadow mode: Headroom takes no action on traffic`),
    ...planBodyBlocks(r),
  ];
  if (open) blocks.push(decisionButtons(open, r.workUnit));
  else {
    blocks.push(context('No open recommendation for this unit: nothing to decide.'));
    blocks.push(incidentButtons({ workUnit: r.workUnit }));
  }
  return {
    text: `Failover plan for ${r.workUnit}: ${VERDICT_LABEL[r.verdict] ?? r.verdict} (confidence ${r.confidence})`,
    blocks: fitBlocks(blocks),
  };
}
