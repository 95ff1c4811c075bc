// How a unit's health metrics respond to pressure (the utilisation of its binding resource).
// Error rate and latency stay flat in normal operation and climb steeply as pressure nears 1,
// so a promotion day at ~90 % is still healthy while a saturated unit clearly is not.

/** Load-equivalent decay of a thundering-herd spike per 5-minute step after a jump (τ ≈ 6 min). */
export const HERD_DECAY = [1, 0.43, 0.19, 0.08, 0.035, 0.015] as const;
/** A step's load increase counts as a jump above this relative size (diurnal ramps stay below 1 %). */
export const HERD_JUMP_RATIO = 0.08;
export const HERD_JUMP_MIN_RPS = 50;
/** Share of the herd that shows up in cpu (reconnects cost handshakes more than requests). */
export const HERD_CPU_SHARE = 0.6;

/** Queueing growth of latency: u/(1−u), continued linearly (same slope) beyond 0.98 so it stays finite. */
function queueing(pressure: number): number {
  const knee = 0.98;
  if (pressure <= knee) return Math.max(0, pressure) / (1 - Math.max(0, pressure));
  return knee / (1 - knee) + (pressure - knee) / (1 - knee) ** 2;
}

export function latencyP95Ms(baseMs: number, pressure: number): number {
  return baseMs * (1 + 0.15 * queueing(pressure));
}

export function errorRateFromPressure(baseRate: number, pressure: number): number {
  const nearLimit = Math.max(0, pressure - 0.85);
  const overLimit = Math.max(0, pressure - 1);
  return baseRate + 0.6 * nearLimit * nearLimit + 0.8 * overLimit;
}

/** 0..1 bell over the backup window (peaks mid-window), 0 outside it. */
export function backupIntensity(localHour: number, window: { startHour: number; hours: number }): number {
  const phase = (localHour - window.startHour) / window.hours;
  if (phase <= 0 || phase >= 1) return 0;
  const s = Math.sin(Math.PI * phase);
  return s * s;
}

export const BACKUP_CPU = 0.92;
export const BACKUP_MEMORY = 0.85;

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
