import type { LoadResult } from './load.js';

/** What every scenario gets: a fresh migrated database and the env to start Bloom against it. */
export interface BenchContext {
  databaseUrl: string;
  redisUrl: string;
  /** Environment for `startBloom()`. */
  bloomEnv: Record<string, string>;
  durationSeconds: number;
  rounds: number;
}

export interface ScenarioReport {
  name: string;
  results: LoadResult[];
  /** Lines for the human reading the run, with the targets of DESIGN §7. */
  summary: string[];
  passed: boolean;
  figures: Record<string, number>;
}
