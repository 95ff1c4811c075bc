// The telemetry tests find Debian's binaries, and fail (not skip) with a clear message without them.
import { describe, expect, it } from 'vitest';
import { requireBinary } from './helpers/binaries.js';

describe('requireBinary', () => {
  it('finds the installed Prometheus tools (CI installs them with scripts/install-system-deps.sh)', () => {
    expect(requireBinary('prometheus')).toMatch(/prometheus$/);
    expect(requireBinary('promtool')).toMatch(/promtool$/);
    expect(requireBinary('alertmanager')).toMatch(/alertmanager$/);
  });

  it('names the tool and the install script when it is missing', () => {
    expect(() => requireBinary('prometheus', ['/nonexistent/prometheus'], '')).toThrow(
      /prometheus not found \(looked in \/nonexistent\/prometheus and PATH\).*install-system-deps\.sh/,
    );
  });
});
