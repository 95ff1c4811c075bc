import type { CliCommand } from '../command.js';

/**
 * One line of `headroom --help`: the name and summary, and how to load the command. Commands load
 * only when run, so the overview (and every other command) does not pay for Slack, augurs or gRPC.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

/** Every command of the headroom binary, in the order --help lists them (catalog.test.ts checks the summaries). */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'start',
    summary: 'run the shadow loop and serve the commands (the simulated demo fleet when no credentials are set)',
    load: async () => (await import('./start.js')).startCommand,
  },
  {
    name: 'status',
    summary: 'health verdict, load, safe capacity and headroom of every work unit',
    load: async () => (await import('./status.js')).statusCommand,
  },
  {
    name: 'failover',
    summary: 'plan to drain a work unit now, and whether Headroom would recommend it',
    load: async () => (await import('./failover.js')).failoverCommand,
  },
  {
    name: 'whatif',
    summary: 'the planner on a hypothetical state: shed units, grow traffic, add capacity, force a split',
    load: async () => (await import('./whatif.js')).whatifCommand,
  },
  {
    name: 'capacity',
    summary:
      'capacity baselines, headroom now and at the next peak; with a unit, the 30/60/90-day forecast and crossing date',
    load: async () => (await import('./capacity.js')).capacityCommand,
  },
  {
    name: 'forecast',
    summary: 'forecast an hourly series from a timestamp,value CSV, with prediction intervals',
    load: async () => (await import('./forecast.js')).forecastCommand,
  },
  {
    name: 'backtest',
    summary: 'run the decision (verdict, plan, replay) over a scenario corpus and judge each plan',
    load: async () => (await import('./backtest.js')).backtestCommand,
  },
  {
    name: 'mcp',
    summary: 'serve the read-only tool registry over MCP (stdio, or Streamable HTTP with a bearer token)',
    load: async () => (await import('./mcp.js')).mcpCommand,
  },
  {
    name: 'sim',
    summary: 'run the shadow loop on simulated time and print recommendations as they open, change and close',
    load: async () => (await import('./sim.js')).simCommand,
  },
  {
    name: 'analytics refresh',
    summary: 'recompute the pre-computed analytics (baselines, connection norms, forecasts) now and store them',
    load: async () => (await import('./analytics.js')).analyticsRefreshCommand,
  },
  {
    name: 'analytics show',
    summary: 'list the stored pre-computed analytics: as-of moment, input range, version, when computed',
    load: async () => (await import('./analytics.js')).analyticsShowCommand,
  },
  {
    name: 'audit verify',
    summary: 'check the audit log: hash chain, HMAC keys and anchors',
    load: async () => (await import('./audit-verify.js')).auditVerifyCommand,
  },
  {
    name: 'incident list',
    summary: 'incidents, newest first: state, times to detect / decide / recover, top cause',
    load: async () => (await import('./incident.js')).incidentListCommand,
  },
  {
    name: 'incident show',
    summary: 'one incident: lifecycle times, hypotheses with evidence ids, the timeline',
    load: async () => (await import('./incident.js')).incidentShowCommand,
  },
  {
    name: 'incident postmortem',
    summary: "an incident's blameless postmortem (Markdown, every claim citing evidence ids)",
    load: async () => (await import('./incident.js')).incidentPostmortemCommand,
  },
  {
    name: 'warehouse export',
    summary: "write the simulated fleet's hourly history (default two years) as Parquet or CSV for the warehouse",
    load: async () => (await import('./warehouse.js')).warehouseExportCommand,
  },
  {
    name: 'warehouse query',
    summary:
      'run one named warehouse query (daily peaks, monthly peaks, peak trend, week profile) over exported history',
    load: async () => (await import('./warehouse.js')).warehouseQueryCommand,
  },
  {
    name: 'audit anchor',
    summary: 'append the newest audit entry to an anchor file kept outside the store',
    load: async () => (await import('./audit-anchor.js')).auditAnchorCommand,
  },
  {
    name: 'edge check',
    summary: "a work unit's edge-agent health report over mutual TLS",
    load: async () => (await import('./edge-check.js')).edgeCheckCommand,
  },
  {
    name: 'edge-agent',
    summary: "run a work unit's edge agent (gRPC over mutual TLS)",
    // the agent's command lives with the agent (edge-agent/cli/); it has CliCommand's shape
    load: async () => (await import('../../../edge-agent/cli/command.js')).edgeAgentCommand,
  },
];
