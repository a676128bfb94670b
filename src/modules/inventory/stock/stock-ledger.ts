import { Ledger } from '../../../common/ledger/index.js';

/**
 * The stock ledger (DESIGN §3): a balance per store × product in `stock_level.on_hand`, moved only by
 * appending a `stock_movement`. An outward posting may not go below what is held for orders
 * (`reserved`); the CHECKs on stock_level are the backstop.
 */
export const STOCK_LEDGER = new Ledger({
  name: 'stock',
  keyColumns: ['store_id', 'product_id'],
  balances: { table: 'stock_level', amountColumn: 'on_hand', floorColumn: 'reserved' },
  movements: { table: 'stock_movement' },
});
