import { DomainError, type FieldError } from '../../../common/errors/index.js';

/** The error codes of suppliers and purchase orders (besides inventory's and the state machine's). */
export const PurchasingErrors = {
  supplierNotFound: (id: string) => new DomainError('supplier.not_found', 404, `No supplier with id ${id}.`),
  /** 422: the supplier named does not exist, or is archived. */
  unknownSupplier: (field: string, id: string, archived = false) =>
    new DomainError('purchase_order.unknown_supplier', 422, `${field}: ${archived ? `supplier ${id} is archived` : `no supplier with id ${id}`}.`, {
      title: 'Unknown supplier',
      errors: [{ field, message: archived ? 'names an archived supplier' : 'names no supplier' }],
    }),
  /** 422: the product is archived: nobody orders it any more (restore it in the catalog first). */
  archivedProduct: (field: string, id: string) =>
    new DomainError('inventory.archived_product', 422, `${field}: product ${id} is archived; restore it in the catalog to order it.`, {
      title: 'Archived product',
      errors: [{ field, message: 'names an archived product' }],
    }),
  purchaseOrderNotFound: (id: string) => new DomainError('purchase_order.not_found', 404, `No purchase order with id ${id} is visible to you.`),
  receiptNotFound: (id: string) => new DomainError('purchase_order_receipt.not_found', 404, `No receipt with id ${id} on this purchase order.`),
  /** 409: only a draft's lines and supplier change. */
  notDraft: (status: string) =>
    new DomainError('purchase_order.not_draft', 409, `This purchase order is ${status}: only a draft changes.`, {
      title: 'Not a draft',
      extensions: { currentState: status },
    }),
  /** 422: receiving more than is still open on a line, without `overReceive: true`. Nothing was received. */
  overReceipt: (errors: FieldError[]) =>
    new DomainError(
      'purchase_order.over_receipt',
      422,
      `${errors.map((error) => `${error.field} ${error.message}`).join('; ')}. Send "overReceive": true to receive more than ordered. Nothing was received.`,
      { title: 'More than ordered', errors },
    ),
};
