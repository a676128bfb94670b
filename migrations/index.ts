/**
 * Every migration, in order. Append-only: a new schema change is a new file listed at the end
 * (test/migrations.e2e-spec.ts fails when a file in this folder is missing here).
 */
import { Extensions1764000000000 } from './1764000000000-extensions.js';

export const MIGRATIONS = [Extensions1764000000000];
