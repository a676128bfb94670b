import { DomainError, type FieldError } from '../../../common/errors/index.js';

/** The stocktakes' error codes (besides `inventory.*`, `store.not_found` and `stocktake.invalid_transition`). */
export const StocktakeErrors = {
  notFound: (id: string) => new DomainError('stocktake.not_found', 404, `No stocktake with id ${id} is visible to you.`),
  countNotFound: (id: string) => new DomainError('stocktake.count_not_found', 404, `No count entry with id ${id} in this stocktake.`),
  /** 422: a line names a product outside the stocktake's scope, or a barcode no product has. */
  unknownLines: (errors: FieldError[]) =>
    new DomainError(
      'stocktake.not_in_scope',
      422,
      `Some lines name no product of this stocktake: ${errors.map((error) => `${error.field} ${error.message}`).join('; ')}. Nothing was recorded.`,
      {
        title: 'Not a product of this count',
        errors,
      },
    ),
  /** 409: counting is closed (or the stocktake is over): entries are no longer taken. */
  notCounting: (status: string) =>
    new DomainError('stocktake.not_counting', 409, `The stocktake is ${status}: counting is closed, nothing was recorded.`, {
      title: 'Counting is closed',
      extensions: { currentState: status },
    }),
  /** 409: the variance report waits until counting is closed, so counters never see the books. */
  stillCounting: () =>
    new DomainError('stocktake.still_counting', 409, 'The variance report is ready once counting is closed (submit the stocktake first).', { title: 'Still counting' }),
  /** 409: a cancelled stocktake has no report. */
  cancelled: () => new DomainError('stocktake.cancelled', 409, 'The stocktake was cancelled: it has no variance report.', { title: 'Cancelled' }),
  /** 403: only the counter who made an entry corrects it. */
  notYourCount: () =>
    new DomainError('stocktake.not_your_count', 403, 'Only the person who counted an entry may correct it; count again to add to it.', { title: 'Not your entry' }),
  /** 409: the entry was corrected already: correct the correction. */
  countReplaced: (byId: string) =>
    new DomainError('stocktake.count_replaced', 409, `This entry was corrected already by entry ${byId}: correct that one.`, {
      title: 'Already corrected',
      extensions: { replacedBy: byId },
    }),
  /** 409: another open stocktake of the store counts some of these products: both approved, a difference would be posted twice. */
  scopeOverlap: (field: string, number: string, products: number) =>
    new DomainError(
      'stocktake.scope_overlap',
      409,
      `${field}: ${products === 1 ? 'a product' : `${products} products`} of this count ${products === 1 ? 'is' : 'are'} being counted in ${number}, still open: approve or cancel it first.`,
      { title: 'Already being counted', errors: [{ field, message: `overlaps ${number}, still open` }], extensions: { openStocktake: number, products } },
    ),
  /** 422: the store stocks nothing in scope. */
  emptyScope: (field: string) =>
    new DomainError('stocktake.empty_scope', 422, `${field}: no product to count (the store stocks none, or no product has these categories).`, {
      title: 'Nothing to count',
      errors: [{ field, message: 'names no product to count' }],
    }),
};
