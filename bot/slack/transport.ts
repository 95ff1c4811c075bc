/** Which front end serves the handlers, chosen once at start from the environment the entry point passes in. */
export type SlackTransport =
  | { kind: 'socket'; botToken: string; appToken: string; apiUrl?: string }
  | { kind: 'http'; botToken: string; signingSecret: string; apiUrl?: string }
  | { kind: 'console' };

/**
 * Socket Mode when SLACK_BOT_TOKEN and SLACK_APP_TOKEN are set (the default when both are), HTTP when
 * SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are, else the terminal console. SLACK_API_URL points the
 * Slack clients at another API host (GovSlack, a proxy, a test server).
 */
export function chooseTransport(env: Readonly<Record<string, string | undefined>>): SlackTransport {
  const botToken = nonEmpty(env.SLACK_BOT_TOKEN);
  const appToken = nonEmpty(env.SLACK_APP_TOKEN);
  const signingSecret = nonEmpty(env.SLACK_SIGNING_SECRET);
  const apiUrl = nonEmpty(env.SLACK_API_URL);
  const extra = apiUrl ? { apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {};
  if (botToken && appToken) return { kind: 'socket', botToken, appToken, ...extra };
  if (botToken && signingSecret) return { kind: 'http', botToken, signingSecret, ...extra };
  return { kind: 'console' };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** For logs: never the secrets themselves. */
export function describeTransport(t: SlackTransport): string {
  if (t.kind === 'console') return 'console (no Slack credentials set)';
  const host = t.apiUrl ? ` via ${t.apiUrl}` : '';
  return t.kind === 'socket' ? `Slack Socket Mode${host}` : `Slack HTTP events${host}`;
}
