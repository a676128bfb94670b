import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident set size of the server process in MB (read from /proc). */
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

const TS_FLAGS = ['--conditions=source', '--import', '@swc-node/register/esm-register'];

/**
 * Starts a benchmark server in its own process (so the load generator does not share its event
 * loop). The script prints `listening <url>` on stdout when ready.
 */
export async function startServer(script: string, env: Record<string, string>): Promise<ServerProcess> {
  const path = fileURLToPath(new URL(`../servers/${script}`, import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [...TS_FLAGS, path], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 60 s`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /listening (\S+)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with code ${code}`)));
  });
  child.stdout!.resume();
  return {
    url,
    pid: child.pid!,
    async rssMb() {
      const { readFile } = await import('node:fs/promises');
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
