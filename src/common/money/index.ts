export { DEFAULT_CURRENCY, MAX_AMOUNT, moneyOf, optionalMoneyOf, type Money } from './money.js';
export { MoneyDto, MoneyResponseDto } from './money.dto.js';
export { assertBusinessCurrency, assertStoredCurrency } from './business-currency.js';
