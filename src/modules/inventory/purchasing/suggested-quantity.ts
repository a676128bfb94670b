/**
 * What a suggested purchase order asks for (pure): the alert rule's reorder quantity less what open
 * purchase orders still expect, raised to the supplier's minimum order, then up to whole packs; 0 when
 * enough is on order already.
 */
export function suggestedPieces(reorder: number, onOrder: number, packSize: number, minimum: number): number {
  const need = reorder - onOrder;
  if (need <= 0) return 0;
  return Math.ceil(Math.max(need, minimum) / packSize) * packSize;
}
