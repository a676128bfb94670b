export { Ledger, type Posted, type LedgerMismatch } from './ledger.js';
export { ledgerSql, postingProblem, isSamePosting, inLockOrder, MAX_SOURCE_KEY_LENGTH, type LedgerTables, type LedgerKey, type Posting, type LedgerSql } from './ledger-rules.js';
export { LedgerErrors } from './ledger.errors.js';
