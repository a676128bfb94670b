import type { OpenAPIObject } from '@nestjs/swagger';

interface Schema {
  $ref?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, Schema>;
  [key: string]: unknown;
}

/** Names of the component schemas `value` refers to, directly or through other schemas. */
function referredSchemas(value: unknown, schemas: Record<string, Schema>, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) referredSchemas(item, schemas, found);
  else if (value && typeof value === 'object') {
    const ref = (value as Schema).$ref;
    const name = ref?.split('/').pop();
    if (name && !found.has(name) && schemas[name]) {
      found.add(name);
      referredSchemas(schemas[name], schemas, found);
    }
    for (const child of Object.values(value)) referredSchemas(child, schemas, found);
  }
  return found;
}

/**
 * A request field with a default is one the client may leave out, but client generators read a
 * `default` in a component schema as "always present" (openapi-typescript makes `source` of
 * CreateCustomerDto required). So request schemas state their defaults in words.
 */
export function describeRequestDefaults(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const bodies = Object.values(document.paths).flatMap((path) => Object.values(path).map((operation) => (operation as { requestBody?: unknown }).requestBody));
  for (const name of referredSchemas(bodies, schemas)) {
    for (const property of Object.values(schemas[name].properties ?? {})) {
      if (property.default === undefined) continue;
      if (!/left out/i.test(property.description ?? '')) {
        property.description = `${property.description ? `${property.description} ` : ''}\`${JSON.stringify(property.default)}\` when left out.`;
      }
      delete property.default;
    }
  }
  return document;
}
