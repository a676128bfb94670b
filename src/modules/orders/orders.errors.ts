import { DomainError, referenceConstraint, registerConstraint } from '../../common/errors/index.js';

/** The orders' error codes (besides `order.invalid_transition`, `inventory.insufficient_stock` and the common ones). */
export const OrderErrors = {
  notFound: (id: string) => new DomainError('order.not_found', 404, `No order with id ${id} is visible to you.`),
  storeNotFound: (id: string) =>
    new DomainError('store.not_found', 404, `No store with id ${id} is visible to you.`, { errors: [{ field: 'storeId', message: 'names no store of yours' }] }),
  customerUnknown: (field: string) =>
    new DomainError('order.customer_unknown', 422, `${field}: no such customer.`, { title: 'Unknown customer', errors: [{ field, message: 'names no customer' }] }),
  customerBlocked: (field: string) =>
    new DomainError('order.customer_blocked', 422, `${field}: this customer is blocked and may not order.`, {
      title: 'Customer blocked',
      errors: [{ field, message: 'is blocked: the business takes no orders from them' }],
    }),
  productNotSold: (field: string, id: string) =>
    new DomainError('order.product_not_sold', 422, `${field}: product ${id} is not sold in this store (unknown, archived or not for sale).`, {
      title: 'Not sold here',
      errors: [{ field, message: 'is not sold in this store' }],
    }),
  variationNotSold: (field: string, id: string) =>
    new DomainError('order.variation_not_sold', 422, `${field}: service variation ${id} is not sold in this store (unknown, inactive or not offered here).`, {
      title: 'Not sold here',
      errors: [{ field, message: 'is not sold in this store' }],
    }),
  partnerPriceNotAllowed: (field: string) =>
    new DomainError('order.partner_price_not_allowed', 403, `${field}: only a partner key with the scope orders:partner_price may set a price.`, {
      title: 'Price set without the right',
      errors: [{ field, message: 'may be set only by a partner key with orders:partner_price' }],
    }),
  partnerReferenceOnlyForPartners: () =>
    new DomainError('order.partner_reference_not_allowed', 422, 'partnerReference: only orders a partner sends with its API key carry a partner reference.', {
      errors: [{ field: 'partnerReference', message: 'is only for partner orders sent with their API key' }],
    }),
  partnerReferenceRequired: () =>
    new DomainError('order.partner_reference_required', 422, 'partnerReference: a partner order names its reference, so sending it again finds the same order.', {
      errors: [{ field: 'partnerReference', message: 'is required for partner orders' }],
    }),
  currencyMismatch: (field: string, expected: string, got: string) =>
    new DomainError('order.currency_mismatch', 422, `${field}: the order is in ${expected}, not ${got}.`, { errors: [{ field, message: `must be in ${expected}` }] }),
  discountTooLarge: (max: number) =>
    new DomainError('order.discount_too_large', 422, `amount: the discount may be at most ${max} (what the lines cost after other discounts).`, {
      errors: [{ field: 'amount', message: `must be at most ${max}` }],
    }),
  discountAfterConfirmation: (status: string) =>
    new DomainError('order.discount_closed', 409, `This order is ${status}: a manual discount is given only before confirmation.`, {
      title: 'Too late for a discount',
      extensions: { currentState: status },
    }),
  discountAlreadyGiven: () =>
    new DomainError('order.discount_already_given', 409, 'This order already has a manual discount: one per order, so its reason stays true.', {
      title: 'Discount already given',
    }),
  checkoutAppointmentNotFound: (id: string) =>
    new DomainError('appointment.not_found', 404, `appointmentId: no appointment with id ${id} is visible to you.`, {
      errors: [{ field: 'appointmentId', message: 'names no appointment of your stores' }],
    }),
  appointmentNotCompleted: (status: string) =>
    new DomainError('checkout.appointment_not_completed', 409, `appointmentId: this appointment is ${status}; only a completed appointment is checked out.`, {
      title: 'Appointment not completed',
      errors: [{ field: 'appointmentId', message: `is ${status}, not completed` }],
      extensions: { currentState: status },
    }),
  alreadyCheckedOut: (orderId: string, number: string) =>
    new DomainError('checkout.already_checked_out', 409, `appointmentId: this appointment already has its order ${number}.`, {
      title: 'Already checked out',
      errors: [{ field: 'appointmentId', message: `already has its order ${number}` }],
      extensions: { orderId, number },
    }),
  /** 422: a checkout is of an appointment (`appointmentId` alone) or a walk-in sale (`storeId`, `customerId` and `products`). */
  checkoutShape: (field: string, message: string) =>
    new DomainError('checkout.walk_in_incomplete', 422, `${field}: ${message}.`, {
      title: 'Appointment or walk-in sale',
      errors: [{ field, message }],
    }),
  /** 409: a packed order some of whose goods left in parcels (POST /v1/shipments) is shipped, not cancelled. */
  partlyShipped: () =>
    new DomainError(
      'order.partly_shipped',
      409,
      'Some of this order’s goods have left in parcels: it cannot be cancelled. Ship the rest, then handle what comes back as a return.',
      {
        title: 'Partly shipped',
      },
    ),
  /** 409: the order's state does not lead to `to`; `allowedStates` are those on its own path (the buttons to show). */
  refused: (current: string, to: string, allowed: readonly string[]) =>
    new DomainError(
      'order.invalid_transition',
      409,
      `This order is ${current}: it cannot become ${to}. ${allowed.length ? `From ${current} it may become ${allowed.join(', ')}.` : `${current} is final: it changes no more.`}`,
      { title: 'Not allowed in the current state', extensions: { currentState: current, requestedState: to, allowedStates: [...allowed] } },
    ),
  /** 409 as a refused transition: `to` is a state of the table, but not on this order's path (a product order is never served). */
  wrongPath: (classification: string, current: string, to: string, allowed: readonly string[]) =>
    new DomainError(
      'order.invalid_transition',
      409,
      `This order is ${current}: a ${classification} order never becomes ${to}. ${allowed.length ? `From ${current} it may become ${allowed.join(', ')}.` : `${current} is final.`}`,
      { title: 'Not allowed in the current state', extensions: { currentState: current, requestedState: to, allowedStates: [...allowed] } },
    ),
};

registerConstraint('fk_order_channel_assignment_responsible_staff_member_id', referenceConstraint('responsibleStaffMemberId', 'staff member'));
registerConstraint('fk_order_appointment_id', referenceConstraint('appointmentId', 'appointment'));
// Guards behind the checkout's own checks (the appointment's row lock, the customer's lock): should two slip past, the database refuses one.
registerConstraint('uq_order_checkout_appointment', {
  code: 'checkout.already_checked_out',
  detail: 'appointmentId: this appointment already has its order.',
  field: 'appointmentId',
});
registerConstraint('uq_order_line_fee_appointment', {
  code: 'checkout.fee_already_collected',
  detail: 'A fee of this customer was just collected by another checkout: try again.',
});
registerConstraint('fk_order_line_staff_member_id', referenceConstraint('staffMemberId', 'staff member'));
registerConstraint('fk_order_line_fee_appointment_id', referenceConstraint('feeAppointmentId', 'appointment'));
