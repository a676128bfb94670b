import { CommonErrors, DomainError, referenceConstraint, registerConstraint, type FieldError } from '../../common/errors/index.js';

/** The catalog's error codes. Unknown references in a body are 422 `reference.not_found` naming the field. */
export const CatalogErrors = {
  categoryNotFound: (id: string) => CommonErrors.notFound('service_category', id),
  serviceNotFound: (id: string) => CommonErrors.notFound('service', id),
  variationNotFound: (id: string) => new DomainError('service_variation.not_found', 404, `This service has no variation with id ${id}.`),
  productNotFound: (id: string) => CommonErrors.notFound('product', id),
  storeNotFound: (id: string) => new DomainError('store.not_found', 404, `No store with id ${id} is visible to you.`),
  unknownCategory: (field = 'categoryId') => CommonErrors.referenceNotFound(field, 'service category'),
  /** Several entries of a list naming nothing (`items[2].productId`): as `CommonErrors.referenceNotFound`, one entry each. */
  unknownReferences: (fields: string[], what: string) =>
    new DomainError('reference.not_found', 422, `${fields.join(', ')}: no such ${what}.`, {
      title: 'A referenced record does not exist',
      errors: fields.map((field) => ({ field, message: `names no ${what}` })),
    }),
  archivedCategory: (field = 'categoryId') =>
    new DomainError('service_category.archived', 400, `${field}: this category is archived; restore it or choose another`, {
      title: 'The request is not valid',
      errors: [{ field, message: 'is archived' }],
    }),
  invalid: (errors: FieldError[]) => CommonErrors.validation(errors),
  lastActiveVariation: () =>
    new DomainError('service.last_active_variation', 409, 'A service keeps at least one active variation: add or restore another before archiving this one.'),
  tooManyVariations: (max: number) =>
    new DomainError('service.too_many_variations', 409, `A service has at most ${max} variations, archived ones included: restore and change an archived one instead.`),
  usedByServices: () =>
    new DomainError('product.used_by_services', 409, "Services consume this product (see their variations' consumption): remove it there before making it retail-only.", {
      errors: [{ field: 'use', message: 'services consume this product' }],
    }),
  notSold: () => new DomainError('product.not_sold', 409, 'This product is for professional use only and has no sale price: set its use to retail or both first.'),
};

registerConstraint('uq_service_category_code', { code: 'service_category.code_taken', detail: 'Another service category already uses this code.', field: 'code' });
registerConstraint('uq_product_sku', { code: 'product.sku_taken', detail: 'Another product already uses this SKU.', field: 'sku' });
registerConstraint('uq_product_barcode', { code: 'product.barcode_taken', detail: 'Another product already has this barcode.', field: 'barcode' });

/** Per-level prices and durations of a variation (a level is scheduling's `staff_level`; catalog only names it). */
export const LevelPriceErrors = {
  /** A level id that is not a UUID names no level: the same answer as the foreign key's. */
  unknownLevel: () => CommonErrors.referenceNotFound('levelId', 'staff level'),
  nothingSet: () =>
    CatalogErrors.invalid([
      { field: 'price', message: 'set a price or a duration (or both); to follow the catalog again, delete the level’s terms' },
      { field: 'durationMinutes', message: 'set a price or a duration (or both); to follow the catalog again, delete the level’s terms' },
    ]),
  durationTooShort: (problem: FieldError) =>
    new DomainError('variation_level_price.duration_too_short', 422, `${problem.field}: ${problem.message}.`, {
      title: 'The duration leaves no active work',
      errors: [problem],
    }),
};

registerConstraint('fk_variation_level_price_level_id', referenceConstraint('levelId', 'staff level'));
