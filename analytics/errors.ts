// The one error-code module. Expected failures of tools come back as structured results;
// these classes are for input that cannot be used (exit 1) and runtime failures (exit 2).

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'SCENARIO_INVALID'
  | 'USAGE'
  | 'UNKNOWN_WORK_UNIT'
  | 'BAD_TIME'
  | 'INPUT_INVALID'
  | 'DATA_MISSING'
  | 'AUDIT_BROKEN'
  | 'RUNTIME';

export class HeadroomError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HeadroomError';
  }

  /** 1 for bad input of any kind, 2 for failures at run time. */
  get exitCode(): 1 | 2 {
    return this.code === 'RUNTIME' || this.code === 'DATA_MISSING' || this.code === 'AUDIT_BROKEN' ? 2 : 1;
  }
}

export function unknownWorkUnit(id: string, known: readonly string[]): HeadroomError {
  return new HeadroomError('UNKNOWN_WORK_UNIT', `unknown work unit "${id}"; known work units: ${known.join(', ')}`, {
    workUnit: id,
    known,
  });
}
