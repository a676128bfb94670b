import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * An operation without security is public (test/openapi.e2e-spec.ts checks that every other declares it):
 * `security: []` says so, where no security at all would read as "not stated".
 */
export function markPublicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(path)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) (operation as { security?: unknown[] }).security ??= [];
    }
  }
  return document;
}
