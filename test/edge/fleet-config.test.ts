import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { EXAMPLE_FLEET_FILE, parseFleetConfig } from '../../tools/config/load-fleet.js';
import { edgeClientFromConfig } from '../../tools/edge/from-config.js';
import { type EdgePki, makeEdgePki, WU } from './fixtures.js';

const example = readFileSync(EXAMPLE_FLEET_FILE, 'utf8');

describe('the fleet file’s optional edge section', () => {
  it('is absent from the example fleet and optional', () => {
    expect(parseFleetConfig(example).edge).toBeUndefined();
  });

  it('is validated: agents keyed by known work units, targets as HOST:PORT, with file and line', () => {
    const text = `${example}
edge:
  tls: { cert: central.crt, key: central.key, ca: ca.crt }
  agents:
    eu-west-1: { target: "127.0.0.1:7443", identity: edge.eu-west-1.headroom.internal }
    mars-1: { target: "nowhere", identity: x }
`;
    const lines = text.split('\n');
    const marsLine = lines.findIndex((l) => l.includes('mars-1')) + 1;
    let err: unknown;
    try {
      parseFleetConfig(text, 'fleet.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HeadroomError);
    const message = (err as Error).message;
    expect(message).toContain(`fleet.yaml:${marsLine}: edge.agents.mars-1.target: expected HOST:PORT`);
    expect(message).toMatch(/edge\.agents\.mars-1: expected a known work unit \(us-east-1/);
  });

  it('builds the client and signal source with defaults, certificate paths relative to the fleet file', () => {
    let pki: EdgePki | undefined;
    try {
      pki = makeEdgePki();
      const config = parseFleetConfig(`${example}
edge:
  tls: { cert: central.crt, key: central.key, ca: fleet-ca.crt }
  agents:
    ${WU}: { target: "127.0.0.1:7443", identity: edge.${WU}.headroom.internal }
`);
      expect(config.edge).toMatchObject({
        deadlineMs: 100,
        freshnessSeconds: 60,
        breaker: { failuresToOpen: 3, cooldownMs: 30_000 },
      });
      const { client, source } = edgeClientFromConfig(config.edge!, config.fleet.thresholds, pki.pki.dir);
      expect(client.workUnits).toEqual([WU]);
      expect(source.name).toBe('edge-agent');
      client.close();
    } finally {
      pki?.pki.cleanup();
    }
  });
});
