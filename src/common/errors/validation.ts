import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { CommonErrors, type FieldError } from './domain-error.js';

/** Flattens class-validator's tree into `{ field: 'lines[0].quantity', message }` entries. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : parent ? `.${error.property}` : error.property;
    const field = `${parent}${segment}`;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field, message: message.replace(/^property \S+ /, '').replace(new RegExp(`^${error.property} `), '') });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** Unknown fields are refused, strings are turned into the declared types, errors name the field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => CommonErrors.validation(flattenValidationErrors(errors)),
  });
}
