/** What the dev launcher prints: short human lines, then the summary of where everything is. */

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
  /** Where the login works: "all stores" or store codes. */
  scope: string;
}

/** One line from the launcher (the app's own logs are pino JSON). */
export function say(message: string): void {
  process.stdout.write(`[bloom] ${message}\n`);
}

export function printBanner(options: { base: string; seconds: number; logins: DemoLogin[] }): void {
  const { base } = options;
  const rows: [string, string][] = [
    ['API', base],
    ['API docs', `${base}/docs   (OpenAPI document: ${base}/docs/openapi.json)`],
    ['Queues', `${base}/admin/queues   (Bull Board, owners: first POST /v1/admin/queue-dashboard-session, e.g. in /docs)`],
    ['Health', `${base}/health/ready   Metrics: ${base}/metrics`],
  ];
  const width = Math.max(...options.logins.map((login) => login.email.length));
  const passwordWidth = Math.max(...options.logins.map((login) => login.password.length));
  const lines = [
    '',
    `Bloom is up (${options.seconds.toFixed(1)} s).`,
    ...rows.map(([name, value]) => `  ${name.padEnd(9)} ${value}`),
    '',
    'Demo logins (demo data only: these passwords are public, never reuse them):',
    ...options.logins.map((login) => `  ${login.role.padEnd(13)} ${login.email.padEnd(width)}  ${login.password.padEnd(passwordWidth)}  ${login.scope}`),
    '',
    `Log in:  curl -s ${base}/v1/auth/login -H 'content-type: application/json' \\`,
    `           -d '{"login":"${options.logins[0]?.email ?? ''}","password":"${options.logins[0]?.password ?? ''}"}'`,
    'Stop:    Ctrl-C',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
