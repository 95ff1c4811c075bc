export { solveTransport, type TransportProblem, type TransportSolution } from './min-cost-flow.js';
export { planFailover } from './plan.js';
export { planWithReplay, type ReplayedPlanInput } from './replayed.js';
export { MAX_STAGES, MIN_COLD_STAGES } from './stages.js';
export type { Plan, PlanInput, PlanStage, PlanTarget, RejectedCandidate } from './types.js';
