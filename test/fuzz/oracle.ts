/**
 * What every response must satisfy, whatever was sent: no 5xx, a status the operation documents,
 * errors as problem+json with the documented fields, 2xx bodies that match their documented schema
 * (ajv compiled from the document's components), and a Location on every 201.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument, Operation, Schema } from './document.js';
import type { RawResponse } from './http.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type FindingKind =
  | 'server-error'
  | 'undocumented-status'
  | 'not-problem'
  | 'bad-problem'
  | 'schema-mismatch'
  | 'wrong-content-type'
  | 'no-location'
  | 'refused-wrote'
  | 'no-response'
  | 'wrong-status'
  | 'privacy'
  | 'accepted-bad-text'
  | 'idempotency';

export interface Violation {
  kind: FindingKind;
  detail: string;
}

/**
 * OpenAPI 3.0's `nullable: true` as @nestjs/swagger means it and client generators read it: null is
 * allowed too, also beside an `allOf` wrapper without `type` and beside an `enum` (strict JSON
 * Schema validators would refuse null there).
 */
function nullableAsNull(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullableAsNull);
  if (!value || typeof value !== 'object') return value;
  const { nullable, ...rest } = value as Schema;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, child]) => [key, nullableAsNull(child)]));
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

export class Oracle {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<Schema, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    // OpenAPI 3.0 schemas: `nullable`, `example` and friends; formats checked (uuid, date-time, email…).
    this.ajv = new Ajv({ strict: false, allErrors: true, discriminator: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi', components: nullableAsNull(document.components) });
  }

  private validator(schema: Schema): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      // Refs point into the document (#/components/...): rewrite them to the registered one.
      const rebased = nullableAsNull(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'))) as Schema;
      validate = this.ajv.compile(rebased);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  check(operation: Operation, response: RawResponse): Violation[] {
    const violations: Violation[] = [];
    const { status } = response;
    if (status === 0) return violations;
    const contentType = String(response.headers['content-type'] ?? '');
    if (status >= 500) violations.push({ kind: 'server-error', detail: `${status}` });
    const documented = operation.responses[String(status)];
    if (!documented) violations.push({ kind: 'undocumented-status', detail: `${status} not in ${Object.keys(operation.responses).join(',')}` });

    if (status >= 400) {
      if (!contentType.startsWith('application/problem+json')) {
        violations.push({ kind: 'not-problem', detail: `${status} as ${contentType || 'no content-type'}` });
      } else {
        const validate = this.validator({ $ref: '#/components/schemas/ProblemDto' });
        if (!validate(response.json)) violations.push({ kind: 'bad-problem', detail: this.ajv.errorsText(validate.errors) });
        else if ((response.json as { status: number }).status !== status)
          violations.push({ kind: 'bad-problem', detail: `body status ${(response.json as { status: number }).status} ≠ ${status}` });
      }
      return violations;
    }

    // A 201 carries Location where the created resource can be read (a GET route), as its operation documents.
    const promisesLocation = Boolean((documented as { headers?: Record<string, unknown> } | undefined)?.headers?.Location);
    if (status === 201 && promisesLocation && !response.headers.location) violations.push({ kind: 'no-location', detail: '201 without the Location it documents' });
    if (status === 201 && !promisesLocation && response.headers.location) violations.push({ kind: 'no-location', detail: '201 with a Location it does not document' });
    const content = documented?.content;
    if (!content) {
      if (response.text) violations.push({ kind: 'schema-mismatch', detail: `${status} documents no body but has one` });
      return violations;
    }
    const mediaType = Object.keys(content).find((type) => contentType.startsWith(type));
    if (!mediaType) {
      violations.push({ kind: 'wrong-content-type', detail: `${contentType || 'no content-type'}, documented ${Object.keys(content).join(', ')}` });
      return violations;
    }
    const schema = content[mediaType].schema;
    if (schema && mediaType.includes('json')) {
      const validate = this.validator(schema);
      if (!validate(response.json)) violations.push({ kind: 'schema-mismatch', detail: this.ajv.errorsText(validate.errors, { separator: '; ' }) });
    }
    return violations;
  }
}
