/**
 * The OpenAPI document as the fuzz suite reads it: its operations, with $refs and the
 * `allOf: [$ref]` wrappers @nestjs/swagger writes resolved, so generators see plain schemas.
 */
export type Schema = Record<string, any>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
}

interface RawOperation {
  operationId: string;
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Schema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: Array<Record<string, string[]>>;
}

export interface Parameter {
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  id: string;
  method: string;
  /** OpenAPI path: `/v1/stores/{id}`. */
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  headers: Parameter[];
  /** Media type → schema of the request body, if the operation takes one. */
  body?: { required: boolean; mediaTypes: string[]; schema?: Schema };
  responses: RawOperation['responses'];
  /** The security schemes that may call it (`staff`, `apiKey`, `publishableKey`, `customer`); empty: public. */
  security: string[];
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      const parameters = (raw.parameters ?? []).map((p) => ({ in: p.in, name: p.name, required: Boolean(p.required), schema: p.schema ?? { type: 'string' } }));
      const only = (where: string) => parameters.filter((p) => p.in === where).map(({ name, required, schema }) => ({ name, required, schema }));
      const content = raw.requestBody?.content;
      operations.push({
        id: raw.operationId,
        method: method.toUpperCase(),
        path,
        pathParams: only('path'),
        query: only('query'),
        headers: only('header'),
        body: content && { required: Boolean(raw.requestBody?.required), mediaTypes: Object.keys(content), schema: Object.values(content)[0]?.schema },
        responses: raw.responses,
        security: (raw.security ?? []).flatMap((requirement) => Object.keys(requirement)),
      });
    }
  }
  return operations;
}

/** Follows `$ref`s and flattens `allOf` (Nest wraps a nullable or described $ref in one). */
export function resolveSchema(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) return resolveSchema(document, document.components.schemas[String(schema.$ref).replace('#/components/schemas/', '')]);
  if (!schema.allOf) return schema;
  const { allOf, ...rest } = schema;
  const merged: Schema = { ...rest };
  for (const part of allOf as Schema[]) {
    const resolved = resolveSchema(document, part);
    merged.properties = { ...merged.properties, ...resolved.properties };
    merged.required = [...(merged.required ?? []), ...(resolved.required ?? [])];
    for (const [key, value] of Object.entries(resolved)) if (!(key in merged)) merged[key] = value;
  }
  return merged;
}
