import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { HeadroomError } from '../../../analytics/errors.js';
import { packageFile } from '../../../tools/config/package-root.js';
import { listenForAlerts } from '../../app/alert-intake.js';
import { startAuditAnchoring } from '../../app/audit-anchoring.js';
import {
  acceleratedClock,
  existingSharedClock,
  type FleetClock,
  sharedAcceleratedClock,
  wallClock,
} from '../../app/clock.js';
import { listenForDeployWebhook } from '../../app/deploy-webhook.js';
import { openRuntime } from '../../app/runtime.js';
import { storePath } from '../../app/store-path.js';
import { attachConsole, type ConsoleSession } from '../../console/console.js';
import { consoleShadowSubscriber, terminalLog } from '../../console/shadow-subscriber.js';
import { sayExpired } from '../../format/events-text.js';
import { measureEdgeChecks, startReplica } from '../../ha/replica.js';
import { claudeNarratorFor } from '../../incidents/claude-narrator.js';
import { IncidentService } from '../../incidents/service.js';
import { createShadowService } from '../../shadow/service.js';
import { claudeEnvFrom, questionHandlerFor } from '../../slack/questions/compose.js';
import { serveSlack, slackLogger } from '../../slack/serve.js';
import { chooseTransport } from '../../slack/transport.js';
import { auditKeyringFromEnv, openStore } from '../../store/index.js';
import { toolDepsForRuntime } from '../../tools-deps.js';
import type { CliContext } from '../command.js';
import { parseCommandArgs } from '../options.js';
import { fleetRuntimeOptions } from '../runtime-options.js';

export const DEMO_SCENARIO = packageFile('manifests/scenarios/demo.yaml');
/** The demo's fleet time starts this long before its first fault: a healthy poll or two, then the story. */
const DEMO_LEAD_MS = 60_000;
/** The demo polls every fleet minute (a second of real time at 60×), so its recommendations come within seconds. */
const DEMO_POLL_SECONDS = 60;
const SIGNAL_GRACE_MS = 5_000;

/** `headroom start`: the shadow loop with the console, or in Slack (loaded only when the command runs). */
export async function runStart(ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs(ctx.argv, { speed: { type: 'string' }, poll: { type: 'string' } }, false);
  const demo = !values.scenario && !ctx.env.HEADROOM_SCENARIO;
  const rt = await openRuntime(
    {
      ...values,
      scenario: values.scenario ?? (demo ? DEMO_SCENARIO : undefined),
      ...fleetRuntimeOptions(ctx, values.db),
    },
    ctx.env,
  );
  const speed = values.speed === undefined ? (demo ? 60 : 1) : Number(values.speed);
  if (!(speed > 0 && speed <= 100_000))
    throw new HeadroomError('USAGE', `--speed must be a number in (0, 100000], not "${values.speed}"`);
  const defaultPoll = demo ? DEMO_POLL_SECONDS : rt.config.fleet.thresholds.pollIntervalSeconds;
  const pollSeconds = values.poll === undefined ? defaultPoll : Number(values.poll);
  if (!Number.isInteger(pollSeconds) || pollSeconds < 15)
    throw new HeadroomError('USAGE', `--poll must be whole seconds ≥ 15`);

  const firstFault = Math.min(...rt.scenario.faults.map((f) => f.startMs));
  const startMs = values.at ? rt.atMs : Number.isFinite(firstFault) ? firstFault - DEMO_LEAD_MS : rt.atMs;
  const live = speed === 1 && !rt.scenario.faults.length && !values.at;
  let clock: FleetClock = live ? wallClock : acceleratedClock(startMs, speed);
  const location = storePath(values.db, ctx.env, ctx.cwd);
  // The audit chain is HMAC-keyed when HEADROOM_AUDIT_KEY(_FILE) is set, and anchored outside the store.
  const store = openStore(location, { auditKeys: auditKeyringFromEnv(ctx.env) });
  const stopAnchoring = startAuditAnchoring(location, ctx.env, (text) => ctx.stderr.write(`${text}\n`));
  // With Claude configured, postmortems get its investigation (bounded; the deterministic one stands on failure).
  const narration = claudeNarratorFor({
    config: rt.config,
    claude: claudeEnvFrom(ctx.env),
    toolDeps: toolDepsForRuntime(rt, store, () => clock.now()),
    store,
    now: () => clock.now(),
    log: pino({ name: 'headroom-narrator', level: 'warn' }, pino.destination(2)),
  });
  // Runbooks load here: a missing or malformed folder stops the start with a clear error.
  const incidents = new IncidentService({
    store,
    core: rt.core,
    config: rt.config,
    evidence: rt.evidence,
    ...(narration ? { narrator: narration.narrator } : {}),
  });
  const say = (text: string) => ctx.stdout.write(`${text}\n`);
  // Replicas on one database share one fleet clock, so a new leader continues where the last one
  // was (and a replica joining does not expire the leader's open episodes as "from the future").
  const sharedClock = store.kind === 'postgres' && !live;
  if (sharedClock) clock = existingSharedClock(store, startMs, speed) ?? clock;
  sayExpired(say, store.expireRecommendationsLaterThan(clock.now()));
  const replica = await startReplica({
    store,
    storeLocation: location,
    fleetName: rt.config.fleet.name,
    fleetFile: rt.config.file,
    pollIntervalSeconds: pollSeconds,
    env: ctx.env,
    now: () => clock.now(),
    say,
    warn: (text) => ctx.stderr.write(`warning: ${text}\n`),
  });
  if (rt.edgeClient) measureEdgeChecks(rt.edgeClient, replica.metrics);
  const where = rt.config.telemetry === 'prometheus' ? 'the fleet (Prometheus)' : 'the simulated fleet';
  say(
    `Headroom in shadow mode on ${where} "${rt.config.fleet.name}" (${rt.config.fleet.workUnits.length} work units).`,
  );
  say(
    `Fleet time starts ${new Date(startMs).toISOString()}, ${speed}× real time; a poll every ${pollSeconds} s of fleet time.`,
  );
  if (narration)
    say(
      "Postmortems: deterministic when an incident resolves, then revised with Claude's investigation (claims checked against the evidence).",
    );
  say(`Learning baselines from ${rt.core.deps.history.days} days of history…`);
  try {
    // learned as of the moment fleet time starts, so a restart finds the same set in the store
    await rt.core.learnedAt(Math.min(startMs, clock.now()));
    replica.historyLoaded();
    // simulated time starts once learning is done: the demo's story is not skipped while a fresh store learns
    if (!live) clock = sharedClock ? sharedAcceleratedClock(store, startMs, speed) : acceleratedClock(startMs, speed);
  } catch (err) {
    // A metrics store that is down at start must not keep the bot away: every poll retries, and
    // until one works the polls fail visibly (in Slack, one notice in the channel).
    say(
      `Could not read history yet: ${(err as Error).message}. Every poll retries; until then the fleet is not evaluated.`,
    );
  }
  // Socket Mode (SLACK_BOT_TOKEN + SLACK_APP_TOKEN), HTTP (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET), else the console.
  const transport = chooseTransport(ctx.env);
  const stopDeploys = await listenForDeployWebhook(rt, say);
  const slackLog = transport.kind === 'console' ? undefined : slackLogger();
  // The one poll loop (only the leader polls; with SQLite this process always leads). Slack or the
  // console subscribes; readiness waits for a poll that could read the history.
  const shadow = createShadowService({
    core: rt.core,
    store,
    clock,
    pollMs: pollSeconds * 1000,
    log: slackLog ?? terminalLog((line) => ctx.stderr.write(line)),
    leadership: replica.leadership,
    metrics: replica.metrics,
    incidents,
  });
  shadow.subscribe({ name: 'readiness', episodes: () => replica.historyLoaded() });
  if (slackLog && transport.kind !== 'console') {
    if (!rt.config.slack)
      throw new HeadroomError(
        'CONFIG_INVALID',
        `${rt.config.file}: add a "slack" section (channel, …) to run in Slack`,
      );
    await serveSlack({
      transport,
      config: rt.config,
      core: rt.core,
      store,
      clock,
      shadow,
      pollMs: pollSeconds * 1000,
      log: slackLog,
      say,
      alertIntake: rt.alertIntake,
      // Claude answers thread questions when ANTHROPIC_API_KEY (or ANTHROPIC_BASE_URL) is set.
      claude: { ...claudeEnvFrom(ctx.env), toolDeps: toolDepsForRuntime(rt, store, () => clock.now()) },
      metrics: replica.metrics,
      incidents,
    });
    await stopNarration(incidents, narration);
    await stopDeploys();
    await replica.stop();
    stopAnchoring();
    store.close();
    say('Headroom stopped.');
    return 0;
  }
  say('Ready. Type help for commands.');

  shadow.subscribe(consoleShadowSubscriber(say));
  await shadow.start();
  const pollFailed = (err: unknown) => ctx.stderr.write(`poll failed: ${(err as Error).message}\n`);
  const stopAlerts = await listenForAlerts(rt.alertIntake, () => shadow.pollNow(), say, pollFailed);
  const now = () => clock.now();
  // The same question handler as Slack threads; the terminal session is one conversation.
  const questions = questionHandlerFor({
    config: rt.config,
    core: rt.core,
    store,
    now,
    log: pino({ name: 'headroom-console', level: 'warn' }, pino.destination(2)),
    claude: claudeEnvFrom(ctx.env),
    toolDeps: toolDepsForRuntime(rt, store, now),
  });
  const consoleThread = { channel: 'console', ts: String(Date.now() / 1000) };
  const ask = async (question: string) => {
    const answer = await questions.handler.answer(question, {
      thread: consoleThread,
      user: { id: 'console', role: 'admin' },
      progress: (status) => say(`  … ${status}`),
    });
    return answer.text;
  };
  let terminal: ConsoleSession | undefined;
  let signalled = false;
  await new Promise<void>((resolve) => {
    terminal = attachConsole({ core: rt.core, store, now, ask, incidents }, process.stdin, ctx.stdout, resolve);
    const onSignal = () => {
      signalled = true;
      terminal?.detach();
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  // A question still being answered finishes before the store and the limiter close (after a
  // signal, for a few seconds at most).
  await Promise.race([terminal?.idle(), ...(signalled ? [delay(SIGNAL_GRACE_MS, undefined, { ref: false })] : [])]);
  await stopAlerts();
  await shadow.stop();
  await stopNarration(incidents, narration);
  await stopDeploys();
  await questions.stop();
  await replica.stop();
  rt.close();
  stopAnchoring();
  store.close();
  say('Headroom stopped.');
  return 0;
}

/** A narration under way gets a few seconds to land in the store; after that its document stays deterministic. */
async function stopNarration(incidents: IncidentService, narration: { stop(): Promise<void> } | null): Promise<void> {
  if (!narration) return;
  await Promise.race([incidents.idle(), delay(SIGNAL_GRACE_MS, undefined, { ref: false })]);
  await narration.stop();
}
