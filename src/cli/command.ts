/** One ops command of `npm run cli`. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code (0 when omitted). */
  run(flags: Record<string, string>): Promise<number | void>;
}

/** Wrong or missing flags: printed without a stack trace, exit code 64. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export function requireFlag(flags: Record<string, string>, name: string): string {
  const value = flags[name];
  if (!value || value === 'true') throw new CliUsageError(`--${name} is required`);
  return value;
}
