export { DEFAULT_CURRENCY, MAX_AMOUNT, moneyOf, optionalMoneyOf, type Money } from './money.js';
export { MoneyDto, MoneyResponseDto } from './money.dto.js';
export { assertBusinessCurrency, assertStoredCurrency } from './business-currency.js';
export {
  add,
  allocate,
  CurrencyMismatchError,
  divide,
  divideRounded,
  minorUnitDigits,
  money,
  MoneyOverflowError,
  multiply,
  negate,
  percentOf,
  subtract,
  sum,
  toDecimalString,
  type Percentage,
  type RoundingMode,
} from './arithmetic.js';
