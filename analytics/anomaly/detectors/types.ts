/**
 * A streaming anomaly detector, NAB style: it sees one point at a time, in time order, and answers
 * with an anomaly score in [0, 1] using only what it has seen so far. Higher is more anomalous; the
 * caller (NAB's scoring, an alert rule) chooses the threshold.
 */
export interface StreamingDetector {
  readonly name: string;
  next(atMs: number, value: number): number;
}
