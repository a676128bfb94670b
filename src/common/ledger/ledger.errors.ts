import { DomainError } from '../errors/index.js';

const words = (name: string) => name.replace(/_/g, ' ');

export const LedgerErrors = {
  /** 409: the balance is what it is; the caller may post less, or add first. */
  insufficientBalance: (name: string, available: number, requested: number) =>
    new DomainError(`${name}.insufficient_balance`, 409, `Not enough ${words(name)}: ${available} available, ${requested} requested.`, {
      title: 'Insufficient balance',
      extensions: { available, requested },
    }),
  /** 409: a source key is one movement; reusing it for another amount or balance is a caller's bug, never a replay. */
  sourceKeyReused: (name: string, sourceKey: string) =>
    new DomainError(`${name}.source_key_reused`, 409, `The ${words(name)} movement ${sourceKey} was already posted with another amount or for another balance.`, {
      title: 'Source key already used',
      extensions: { sourceKey },
    }),
};
