import { createApp } from '../configure-app.js';
import { loadConfig } from '../config/index.js';
import { StockMovements } from '../modules/inventory/index.js';
import type { CliCommand } from './command.js';

/**
 * Proves the stock ledger adds up (issue 14): every level's on hand equals the sum of its movements
 * and of its batches' remaining units. Prints each level that does not and exits 1, so an ops script
 * or a nightly job can alarm on it; exits 0 when all agree.
 */
export const checkStockCommand: CliCommand = {
  name: 'check-stock',
  summary: 'Check that every stock level equals its movements and its batches (exit 1 and list them if not)',
  usage: '(no options)',
  async run() {
    const config = loadConfig({ ...process.env, BLOOM_ROLE: 'api', SWAGGER_ENABLED: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
    const app = await createApp({ config });
    await app.init();
    try {
      const stock = app.get(StockMovements);
      const levels = await stock.levelCount();
      const wrong = await stock.mismatches();
      for (const level of wrong) {
        console.error(`store ${level.storeId} product ${level.productId}: on hand ${level.onHand}, movements ${level.movements}, batches ${level.batches} (stock units)`);
      }
      if (wrong.length > 0) {
        console.error(`${wrong.length} of ${levels} stock levels do not add up.`);
        return 1;
      }
      console.log(`All ${levels} stock levels equal their movements and their batches.`);
      return 0;
    } finally {
      await app.close();
    }
  },
};
