import { CommonErrors, DomainError, type FieldError } from '../../common/errors/index.js';

/** The inventory module's error codes. */
export const InventoryErrors = {
  invalid: (errors: FieldError[]) => CommonErrors.validation(errors),
  unknownProduct: (field: string, productId: string) =>
    new DomainError('inventory.unknown_product', 422, `${field}: no product with id ${productId} in the catalog.`, {
      title: 'Unknown product',
      errors: [{ field, message: 'names no product' }],
    }),
  notMeasured: (field: string) =>
    new DomainError('inventory.not_measured', 422, `${field}: this product is counted in whole pieces; give pieces.`, {
      title: 'Counted in pieces',
      errors: [{ field, message: 'the product is counted in whole pieces' }],
    }),
  shortfallNotFound: (id: string) => new DomainError('inventory.shortfall_not_found', 404, `No stock shortfall with id ${id} is visible to you.`),
  /** 409: a shortfall is settled once; a later change of the shelf is a stock adjustment. */
  shortfallResolved: (id: string) =>
    new DomainError('inventory.shortfall_resolved', 409, `Shortfall ${id} was already resolved; post a stock adjustment if the shelf changed since.`, {
      title: 'Shortfall already resolved',
    }),
  storeNotFound: (id: string) => new DomainError('store.not_found', 404, `No store with id ${id} is visible to you.`),
  /** 409: fewer usable units than asked (expired batches and stock held for orders do not count). */
  insufficientStock: (field: string, productId: string, requested: number, available: number) =>
    new DomainError('inventory.insufficient_stock', 409, `${field}: ${requested} units of product ${productId} asked for, ${available} available.`, {
      title: 'Not enough stock',
      errors: [{ field, message: `only ${available} units available` }],
      extensions: { productId, requested, available },
    }),
  /** 409: some lines cannot be held; none was (all or none). */
  shortLines: (lines: ReadonlyArray<{ field: string; productId: string; requested: number; available: number }>) =>
    new DomainError(
      'inventory.insufficient_stock',
      409,
      `Not enough stock for ${lines.length === 1 ? 'a line' : `${lines.length} lines`}: ${lines.map((line) => `${line.field} needs ${line.requested}, ${line.available} available`).join('; ')}. Nothing was reserved.`,
      {
        title: 'Not enough stock',
        errors: lines.map((line) => ({ field: line.field, message: `only ${line.available} units available, ${line.requested - line.available} missing` })),
        extensions: { shortLines: lines.map((line) => ({ ...line, missing: line.requested - line.available })) },
      },
    ),
};
