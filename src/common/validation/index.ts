export { DEFAULT_PHONE_REGION, normaliseEmail, normalisePhone } from './phone.js';
export { isCountryCode, isIanaTimeZone, isIsoCurrency } from './locale.js';
export { IsCountryCode, IsDecimalNumber, IsIanaTimeZone, IsInstant, IsIsoCurrency, IsPhone, IsPlainDate, isInstant, phoneToE164 } from './decorators.js';
export { AsList, IsOptionalNotNull, NestedObject, NestedObjects, Trim, isUuid, likePattern, trimSpaces } from './field-rules.js';
export { MultilineText, findTextProblems, textProblem } from './text.js';
export { maskEmail, maskPhone } from './mask.js';
export { AddressDto } from './address.dto.js';
