/** What other modules (and the app's wiring) may import from inventory. */
import { StockAlertRule } from './alerts/stock-alert-rule.entity.js';
import { StockAlert } from './alerts/stock-alert.entity.js';
import { StockShortfall } from './listeners/stock-shortfall.entity.js';
import { PurchaseOrder, PurchaseOrderLine, PurchaseOrderReceipt, PurchaseOrderReceiptLine, PurchaseOrderStatusHistory } from './purchasing/purchase-order.entity.js';
import { SupplierProduct } from './purchasing/supplier-product.entity.js';
import { Supplier } from './purchasing/supplier.entity.js';
import { StockBackorder } from './reservations/stock-backorder.entity.js';
import { StockReservation } from './reservations/stock-reservation.entity.js';
import { StockBatch } from './stock/stock-batch.entity.js';
import { StockLevel } from './stock/stock-level.entity.js';
import { StockMovementBatch } from './stock/stock-movement-batch.entity.js';
import { StockMovement } from './stock/stock-movement.entity.js';
import { Stocktake, StocktakeCount, StocktakeLine, StocktakeStatusHistory } from './stocktakes/stocktake.entity.js';
import { Transfer, TransferLine, TransferStatusHistory } from './transfers/transfer.entity.js';

export { InventoryModule } from './inventory.module.js';
export { movedBy, StockMovements, type Moved, type MovedBy, type StockIn, type StockOut } from './stock/stock-movements.js';
export { describeUnits, measureToUnits, piecesToUnits, unitsPerPiece, type StockQuantity } from './stock/stock-units.js';
export { MOVEMENT_KINDS, type MovementKind } from './stock/stock-movement.entity.js';

export { ReservationSweeper, StockReservations, type Reserved, type ReserveLine } from './reservations/stock-reservations.js';

export const INVENTORY_ENTITIES: Function[] = [
  StockLevel,
  StockMovement,
  StockBatch,
  StockMovementBatch,
  StockReservation,
  StockBackorder,
  StockShortfall,
  StockAlertRule,
  StockAlert,
  Transfer,
  TransferLine,
  TransferStatusHistory,
  Stocktake,
  StocktakeLine,
  StocktakeCount,
  StocktakeStatusHistory,
  Supplier,
  SupplierProduct,
  PurchaseOrder,
  PurchaseOrderLine,
  PurchaseOrderReceipt,
  PurchaseOrderReceiptLine,
  PurchaseOrderStatusHistory,
];
