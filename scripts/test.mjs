// `npm test`: regenerates the OpenAPI metadata, then runs the static checks (types, ESLint, Prettier)
// beside Jest instead of before it. The checks take about 2.5 minutes of a 2-core CI machine while the
// end-to-end files mostly wait on PostgreSQL, Redis and timers, so running them side by side keeps CI
// well under its 20 minutes. Jest's output streams as usual; the checks' output is printed when they
// end, and either failing fails the command. Arguments go to Jest (`npm test -- test/orders.e2e-spec.ts`).
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a command; resolves with its exit code and, when `capture`, its interleaved stdout and stderr. */
function run(command, args, capture) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/** Types, then lint, then formatting, stopping at the first that fails. */
async function staticChecks() {
  for (const script of ['typecheck', 'lint']) {
    const result = await run(npm, ['run', '--silent', script], true);
    if (result.code !== 0) return { ...result, script };
  }
  return { code: 0, output: '', script: 'typecheck, lint' };
}

const metadata = await run(npm, ['run', '--silent', 'metadata'], false);
if (metadata.code !== 0) process.exit(metadata.code);

const checks = staticChecks();
const jest = await run(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...process.argv.slice(2)], false);
const checked = await checks;
if (checked.code !== 0) {
  process.stdout.write(checked.output);
  console.error(`\nnpm test: ${checked.script} failed (exit ${checked.code}).`);
} else {
  console.log('npm test: type check, ESLint and Prettier passed.');
}
process.exit(jest.code !== 0 ? jest.code : checked.code);
