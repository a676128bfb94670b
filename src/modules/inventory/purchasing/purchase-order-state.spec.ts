import { purchaseOrderStates } from './purchase-order-state.js';

describe('purchase order states', () => {
  it('goes draft → approved → ordered → partly received → received, and may be cancelled only until something arrived', () => {
    expect(purchaseOrderStates.allowedFrom('draft')).toEqual(['approved', 'cancelled']);
    expect(purchaseOrderStates.allowedFrom('approved')).toEqual(['ordered', 'cancelled']);
    expect(purchaseOrderStates.allowedFrom('ordered')).toEqual(['partly_received', 'received', 'cancelled']);
    expect(purchaseOrderStates.allowedFrom('partly_received')).toEqual(['received']);
    expect(purchaseOrderStates.allowedInto('cancelled')).toEqual(['draft', 'approved', 'ordered']);
    expect(purchaseOrderStates.isFinal('received')).toBe(true);
    expect(purchaseOrderStates.isFinal('cancelled')).toBe(true);
    // Receiving never skips ordering, and a draft is never ordered without approval.
    expect(purchaseOrderStates.allowedInto('partly_received')).toEqual(['ordered']);
    expect(purchaseOrderStates.canTransition('draft', 'ordered')).toBe(false);
  });
});
