export { Db, MAX_TRANSACTION_RETRIES, type SqlRunner, type TransactionOptions } from './db.service.js';
export { Transactional } from './transactional.decorator.js';
export { DatabaseModule } from './database.module.js';
export { dataSourceOptions, type DataSourceInputs } from './data-source-options.js';
export { pgError, PG, isRetryableTransactionError, type PgErrorFields } from './pg-errors.js';
export { SnakeNamingStrategy, snakeCase } from './snake-naming.strategy.js';
export { currentTransaction, type TransactionContext } from './transaction-context.js';
export { columnList, type ColumnMap } from './columns.js';
export { cancelActiveStatement } from './cancel-statement.js';
