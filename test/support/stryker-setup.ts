/**
 * Loaded by stryker.config.mjs only: a mutant that breaks a property fails on its first
 * counterexample, without shrinking it (shrinking is for a person reading the failure; here it only
 * made killed mutants slow enough to time out on a busy machine).
 */
import fc from 'fast-check';

fc.configureGlobal({ endOnFailure: true });
