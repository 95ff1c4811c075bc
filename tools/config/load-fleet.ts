import { dirname, resolve } from 'node:path';
import type { FleetModel } from '../../analytics/types.js';
import { CLAUDE_DEFAULTS, type ClaudeConfig } from './claude-schema.js';
import type { EvidenceConfig } from './evidence-schema.js';
import {
  type AlertIntakeConfig,
  type AnomalyApiConfig,
  type EdgeConfig,
  type FleetFile,
  fleetFileSchema,
  type LinksConfig,
  type PrometheusConfig,
  type SlackConfig,
} from './fleet-schema.js';
import { INCIDENTS_DEFAULTS, type IncidentsConfig } from './incidents-schema.js';
import { packageFile } from './package-root.js';
import { loadYamlFile, parseYamlText } from './yaml-loader.js';

/** The runbooks shipped for the demo's fault kinds. */
export const SHIPPED_RUNBOOKS = packageFile('manifests/runbooks/');

export const EXAMPLE_FLEET_FILE = packageFile('manifests/fleet.example.yaml');

export interface FleetConfig {
  file: string;
  fleet: FleetModel;
  telemetry: FleetFile['signals']['telemetry'];
  sources: FleetFile['signals']['sources'];
  roles: FleetFile['roles'];
  /** Edge-agent endpoints and client TLS; absent when the fleet file has no `edge` section. */
  edge?: EdgeConfig;
  /** Telemetry, alert intake and anomaly API endpoints; each absent when its section is. */
  prometheus?: PrometheusConfig;
  alertIntake?: AlertIntakeConfig;
  anomalyApi?: AnomalyApiConfig;
  /** Channels, report schedule and HTTP listener of the Slack app; absent without a `slack` section. */
  slack?: SlackConfig;
  /** The Claude agent loop's model, budgets, rate limits and redaction (defaults filled in when the section is absent). */
  claude?: ClaudeConfig;
  /** Logs, traces, deploys and warehouse backends; absent without an `evidence` section. */
  evidence?: EvidenceConfig;
  /** Hosts whose links in untrusted text stay clickable (none by default). */
  links: LinksConfig;
  /** Incident settings with defaults filled in; `runbooksDir` is absolute. */
  incidents: Omit<IncidentsConfig, 'runbooks'> & { runbooksDir: string };
}

export function loadFleetConfig(file: string = EXAMPLE_FLEET_FILE): FleetConfig {
  return toConfig(file, loadYamlFile(file, fleetFileSchema, 'CONFIG_INVALID'));
}

export function parseFleetConfig(text: string, file = '<inline>'): FleetConfig {
  return toConfig(file, parseYamlText(text, file, fleetFileSchema, 'CONFIG_INVALID'));
}

function toConfig(file: string, parsed: FleetFile): FleetConfig {
  const {
    signals,
    roles,
    edge,
    prometheus,
    alertIntake,
    anomalyApi,
    slack,
    claude,
    evidence,
    incidents,
    links,
    ...fleet
  } = parsed;
  const { runbooks, ...incidentSettings } = incidents ?? INCIDENTS_DEFAULTS;
  const config: FleetConfig = {
    file,
    fleet,
    telemetry: signals.telemetry,
    sources: signals.sources,
    roles,
    links,
    claude: claude ?? CLAUDE_DEFAULTS,
    incidents: {
      ...incidentSettings,
      runbooksDir: runbooks ? resolve(dirname(file), runbooks) : SHIPPED_RUNBOOKS,
    },
  };
  if (edge) config.edge = edge;
  if (prometheus) config.prometheus = prometheus;
  if (alertIntake) config.alertIntake = alertIntake;
  if (anomalyApi) config.anomalyApi = anomalyApi;
  if (slack) config.slack = slack;
  if (evidence) config.evidence = evidence;
  return config;
}
