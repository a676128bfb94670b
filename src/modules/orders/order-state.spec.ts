import { allowedTransitions, orderStates, pathIncludes } from './order-state.js';

describe('order states', () => {
  it('offers a product order the goods path and a service order the appointment path', () => {
    expect(allowedTransitions('product', 'in_progress')).toEqual(['picked', 'cancelled']);
    expect(allowedTransitions('service', 'in_progress')).toEqual(['scheduled', 'cancelled']);
    // Mixed: the goods decide the path.
    expect(allowedTransitions('mixed', 'in_progress')).toEqual(['picked', 'cancelled']);
  });

  it('cancels only before shipped or served', () => {
    const cancellable = orderStates.allowedInto('cancelled');
    expect([...cancellable].sort()).toEqual(['confirmed', 'in_progress', 'packed', 'pending_confirmation', 'picked', 'scheduled']);
    expect(orderStates.canTransition('shipped', 'cancelled')).toBe(false);
    expect(orderStates.canTransition('served', 'cancelled')).toBe(false);
  });

  it('keeps each classification off the other path', () => {
    expect(pathIncludes('service', 'shipped')).toBe(false);
    expect(pathIncludes('product', 'served')).toBe(false);
    expect(pathIncludes('mixed', 'scheduled')).toBe(false);
    expect(pathIncludes('service', 'completed')).toBe(true);
  });
});
