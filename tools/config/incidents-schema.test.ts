import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FLEET_FILE, parseFleetConfig } from './load-fleet.js';

const example = readFileSync(EXAMPLE_FLEET_FILE, 'utf8').replace(/\nincidents:[\s\S]*$/, '\n');

describe('the incidents section of the fleet file', () => {
  it('defaults to 3 healthy polls, a 10-minute reminder and the shipped runbooks', () => {
    const c = parseFleetConfig(example);
    expect(c.incidents.resolveAfterHealthyPolls).toBe(3);
    expect(c.incidents.reminderMinutes).toBe(10);
    expect(c.incidents.runbooksDir).toMatch(/manifests\/runbooks\/?$/);
  });

  it('names the path of an owner that is not a work unit, and a malformed group id', () => {
    expect(() => parseFleetConfig(`${example}incidents:\n  owners:\n    mars-1: { group: S0X }\n`)).toThrow(
      /incidents\.owners\.mars-1.*a known work unit/s,
    );
    expect(() => parseFleetConfig(`${example}incidents:\n  owners:\n    eu-west-1: { group: "@oncall" }\n`)).toThrow(
      /incidents\.owners\.eu-west-1\.group.*a Slack user group ID/s,
    );
    expect(() => parseFleetConfig(`${example}incidents:\n  resolveAfterHealthyPolls: 0\n`)).toThrow(
      /incidents\.resolveAfterHealthyPolls/,
    );
  });
});
