import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { CommonErrors, type FieldError } from './domain-error.js';

/** Flattens class-validator's tree into `{ field: 'lines[0].quantity', message }` entries. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : parent ? `.${error.property}` : error.property;
    const field = `${parent}${segment}`;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator starts its messages with the property's name ("name must be a string",
      // "property colour should not exist"); `field` says it already. Plain string checks: the
      // name is the client's, and may hold any character.
      const own = `${error.property} `;
      const unknown = `property ${error.property} `;
      out.push({ field, message: message.startsWith(unknown) ? message.slice(unknown.length) : message.startsWith(own) ? message.slice(own.length) : message });
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
