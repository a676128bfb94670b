/**
 * Ops commands: `npm run cli -- <command> [--flag value …]`. Each command lives in src/cli/ and is
 * listed here once.
 */
import 'reflect-metadata';
import { ConfigError } from './config/index.js';
import type { CliCommand } from './cli/command.js';
import { envExampleCommand } from './cli/env-example.js';
import { openApiCommand } from './cli/openapi.js';
import { createOwnerCommand } from './cli/create-owner.js';
import { migrateCommand } from './cli/migrate.js';
import { seedCommand } from './cli/seed.js';
import { checkStockCommand } from './cli/check-stock.js';

const COMMANDS: CliCommand[] = [envExampleCommand, openApiCommand, migrateCommand, createOwnerCommand, seedCommand, checkStockCommand];

function usage(): string {
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(16)} ${command.summary}\n${' '.repeat(19)}${command.usage}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}`;
}

/** `--email a@b --password x` → { email: 'a@b', password: 'x' }; a flag with no value is 'true'. */
export function parseFlags(args: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(args[i]);
    if (!match) throw new Error(`Unexpected argument: ${args[i]}`);
    if (match[2] !== undefined) flags[match[1]] = match[2];
    else if (args[i + 1] !== undefined && !args[i + 1].startsWith('--')) flags[match[1]] = args[++i];
    else flags[match[1]] = 'true';
  }
  return flags;
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    console.error(name ? `Unknown command: ${name}\n\n${usage()}` : usage());
    return 64; // EX_USAGE
  }
  try {
    return (await command.run(parseFlags(rest))) ?? 0;
  } catch (error) {
    if (error instanceof ConfigError || (error as { name?: string }).name === 'CliUsageError') {
      console.error((error as Error).message);
      return 64;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
