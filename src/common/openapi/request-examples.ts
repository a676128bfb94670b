import type { OpenAPIObject } from '@nestjs/swagger';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  example?: unknown;
}

interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { summary?: string; value: unknown }>;
}

/** The name of the one request example each body gets. */
const REQUEST_EXAMPLE = 'demo';

/**
 * The example of a schema, built from the examples its fields declare: a field without one is left
 * out. Swagger UI would invent a value for it instead (a random UUID for `referredById`), which the
 * API rightly refuses.
 */
function exampleOf(schema: Schema | undefined, schemas: Record<string, Schema>): unknown {
  if (!schema) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.$ref) return exampleOf(schemas[schema.$ref.split('/').pop()!], schemas);
  if (schema.allOf?.length === 1) return exampleOf(schema.allOf[0], schemas);
  if (schema.items) {
    const item = exampleOf(schema.items, schemas);
    return item === undefined ? undefined : [item];
  }
  if (schema.properties) {
    const entries = Object.entries(schema.properties)
      .map(([name, property]) => [name, exampleOf(property, schemas)] as const)
      .filter(([, value]) => value !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return undefined;
}

/**
 * Gives every request body one named example (`demo`) that Swagger UI's "Try it out" sends as it
 * is. Each works against the demo data of `npm run seed` once the ids in it are the demo's, and
 * test/openapi-examples.e2e-spec.ts sends them all, so a field example that stops working fails CI.
 */
export function addRequestExamples(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Array<{ requestBody?: { content?: Record<string, MediaType> } }>) {
      for (const [type, media] of Object.entries(operation?.requestBody?.content ?? {})) {
        // A file in a binary format (an .xlsx workbook) has no example that JSON can hold.
        if (media.examples || !/json|^text\//.test(type)) continue;
        const value = media.example ?? exampleOf(media.schema, schemas);
        if (value === undefined) continue;
        delete media.example;
        media.examples = { [REQUEST_EXAMPLE]: { summary: 'Works with the demo data (`npm run seed`)', value } };
      }
    }
  }
  return document;
}
