import { DomainError } from '../../../common/errors/index.js';

/** The transfers' error codes (besides `inventory.*`, `store.not_found` and `transfer.invalid_transition`). */
export const TransferErrors = {
  notFound: (id: string) => new DomainError('transfer.not_found', 404, `No transfer with id ${id} is visible to you.`),
  sameStore: () =>
    new DomainError('transfer.same_store', 422, 'toStoreId: a transfer goes to another store than the one it comes from.', {
      title: 'Transfer to the same store',
      errors: [{ field: 'toStoreId', message: 'is the store the goods come from' }],
    }),
  /** 403: approving and shipping belong to the source store (approving: its managers, or an owner). */
  sourceStoreOnly: (what: string) =>
    new DomainError('transfer.source_store_only', 403, `Only staff of the store the goods come from may ${what}.`, { title: 'Not your store’s to do' }),
  /** 403: receiving belongs to the destination store. */
  destinationStoreOnly: () =>
    new DomainError('transfer.destination_store_only', 403, 'Only staff of the store the goods go to may receive them.', { title: 'Not your store’s to do' }),
  /** 409: some lines are short at the source store; nothing was shipped (all or none). */
  shortLines: (lines: ReadonlyArray<{ field: string; productId: string; requested: number; available: number }>) =>
    new DomainError(
      'inventory.insufficient_stock',
      409,
      `Not enough stock to ship ${lines.map((line) => `${line.field} (${line.requested} pieces asked, ${line.available} available)`).join('; ')}. Nothing was shipped.`,
      {
        title: 'Not enough stock',
        errors: lines.map((line) => ({ field: line.field, message: `only ${line.available} pieces available, ${line.requested - line.available} missing` })),
        extensions: { shortLines: lines.map((line) => ({ ...line, missing: line.requested - line.available })) },
      },
    ),
};
