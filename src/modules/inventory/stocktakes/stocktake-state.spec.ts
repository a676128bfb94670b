import { stocktakeStates } from './stocktake-state.js';

describe('stocktake states', () => {
  it('goes counting → submitted → approved, and may be cancelled only before approval', () => {
    expect(stocktakeStates.allowedFrom('counting')).toEqual(['submitted', 'cancelled']);
    expect(stocktakeStates.allowedFrom('submitted')).toEqual(['approved', 'cancelled']);
    expect(stocktakeStates.allowedInto('cancelled')).toEqual(['counting', 'submitted']);
    expect(stocktakeStates.isFinal('approved')).toBe(true);
    expect(stocktakeStates.isFinal('cancelled')).toBe(true);
    // Approval only once counting is closed: a count still open is never posted.
    expect(stocktakeStates.allowedInto('approved')).toEqual(['submitted']);
    expect(stocktakeStates.canTransition('counting', 'approved')).toBe(false);
  });
});
