import { DomainError } from '../../../common/errors/index.js';

/** The shipments' error codes. */
export const ShipmentErrors = {
  notFound: (id: string) => new DomainError('shipment.not_found', 404, `No shipment with id ${id} is visible to you.`),
  storeNotFound: (id: string) =>
    new DomainError('store.not_found', 404, `No store with id ${id} is visible to you.`, { errors: [{ field: 'storeId', message: 'names no store of yours' }] }),
  exceptionNotFound: (id: string) => new DomainError('shipment.exception_not_found', 404, `No shipment exception with id ${id} is visible to you.`),
  exceptionResolved: (id: string) => new DomainError('shipment.exception_resolved', 409, `Shipment exception ${id} was resolved already.`, { title: 'Already resolved' }),
  /** 409: goods leave a packed order (the last parcel moves it to shipped). */
  orderNotPacked: (status: string) =>
    new DomainError('shipment.order_not_packed', 409, `This order is ${status}: its goods ship once it is packed.`, {
      title: 'Not ready to ship',
      extensions: { currentState: status },
    }),
  notProductLine: (field: string, lineNumber: number) =>
    new DomainError('shipment.unknown_line', 422, `${field}: the order has no product line ${lineNumber}.`, {
      errors: [{ field, message: 'names no product line of this order' }],
    }),
  lineTwice: (field: string) =>
    new DomainError('request.validation_failed', 400, `${field}: a line appears once per shipment.`, { errors: [{ field, message: 'is given twice' }] }),
  /** 409: more pieces than the line has left to ship (another parcel carried them). */
  overShipped: (field: string, lineNumber: number, left: number) =>
    new DomainError('shipment.already_shipped', 409, `${field}: line ${lineNumber} has ${left} left to ship.`, {
      title: 'Already shipped',
      errors: [{ field, message: left === 0 ? 'is shipped already' : `only ${left} left to ship` }],
      extensions: { lineNumber, remaining: left },
    }),
  nothingLeft: () => new DomainError('shipment.nothing_left', 409, 'Every piece of this order has shipped already.', { title: 'Already shipped' }),
  badSignature: () =>
    new DomainError('shipment_notification.bad_signature', 401, 'sign: the signature does not match MD5(param + salt): this push is not from Kuaidi100.', {
      title: 'Bad signature',
      errors: [{ field: 'sign', message: 'does not match' }],
    }),
  notConfigured: () =>
    new DomainError(
      'shipment_notification.not_configured',
      404,
      'Kuaidi100 pushes are not enabled here (KUAIDI100_SALT is not set): an unsigned push could mark any parcel delivered.',
      {
        title: 'Not enabled',
      },
    ),
  badPush: (field: string, message: string) => new DomainError('request.validation_failed', 400, `${field}: ${message}.`, { errors: [{ field, message }] }),
};
