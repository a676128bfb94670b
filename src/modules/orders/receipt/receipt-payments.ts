import type { Db } from '../../../common/database/index.js';

/** One payment as a receipt shows it (amounts in minor units of the order's currency). */
export interface ReceiptPayment {
  method: string;
  amount: number;
  /** Cash handed over (cash only), and the change given back. */
  tenderedAmount: number | null;
  changeAmount: number | null;
  status: string;
  createdAt: Date;
}

/** The payments a receipt lists, oldest first: those that took money (pending, failed and cancelled ones are not on a receipt). */
export async function receiptPayments(db: Db, orderId: string): Promise<ReceiptPayment[]> {
  const rows = await db.rows<{ method: string; amount: string; tendered: string | null; change: string | null; status: string; createdAt: Date }>(
    `SELECT method, amount::text AS amount, tendered_amount::text AS tendered, change_amount::text AS change, status, created_at AS "createdAt"
       FROM order_payment WHERE order_id = $1 AND status = 'succeeded' ORDER BY created_at, id`,
    [orderId],
  );
  return rows.map((row) => ({
    method: row.method,
    amount: Number(row.amount),
    tenderedAmount: row.tendered === null ? null : Number(row.tendered),
    changeAmount: row.change === null ? null : Number(row.change),
    status: row.status,
    createdAt: row.createdAt,
  }));
}
