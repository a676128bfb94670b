/**
 * The upload of POST /v1/customer-imports: the request body is the file itself, a CSV file or an
 * Excel workbook. Fastify gets a parser for those content types that hands the route the raw bytes,
 * with a limit of its own. Which types the route takes is declared with `@Consumes` on it: any other
 * is refused by the common body rules (common/http/request-body.ts) after sign-in, with a 415 naming them.
 */
import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSV_TYPES, CustomerImportErrors, IMPORT_MAX_BYTES, XLSX_CONTENT_TYPE } from './customer-imports.errors.js';

export const IMPORT_ROUTE = '/v1/customer-imports';

export type ImportFormat = 'csv' | 'xlsx';

/** The uploaded file. Its JSON form (what the Idempotency-Key fingerprint hashes) is its digest, not megabytes of numbers. */
export class ImportUpload {
  constructor(
    readonly format: ImportFormat,
    readonly bytes: Buffer,
  ) {}
  toJSON(): { format: ImportFormat; sha256: string } {
    return { format: this.format, sha256: createHash('sha256').update(this.bytes).digest('hex') };
  }
}

const isImport = (request: FastifyRequest) => request.method === 'POST' && request.routeOptions.url === IMPORT_ROUTE;

/**
 * Reads a CSV or .xlsx body as bytes, for POST /v1/customer-imports only and up to IMPORT_MAX_BYTES
 * (other routes keep BODY_LIMIT_BYTES and answer these bodies 415 as before). A larger file is
 * refused from its Content-Length, or as soon as it passes the limit.
 */
export function addImportParsers(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('text/csv')) return;
  const reader = (format: ImportFormat) => (request: FastifyRequest, payload: NodeJS.ReadableStream, done: (error: Error | null, body?: unknown) => void) => {
    if (!isImport(request)) {
      // Not read: the body rules answer 415 for the route, after sign-in.
      payload.resume();
      return done(null, undefined);
    }
    if (Number(request.headers['content-length']) > IMPORT_MAX_BYTES) return done(CustomerImportErrors.fileTooLarge(), undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: Error | null, body?: ImportUpload) => {
      if (settled) return;
      settled = true;
      payload.removeListener('data', onData);
      done(error, body);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > IMPORT_MAX_BYTES) finish(CustomerImportErrors.fileTooLarge());
      else chunks.push(chunk);
    };
    payload.on('data', onData);
    payload.on('end', () => finish(null, new ImportUpload(format, Buffer.concat(chunks, size))));
    payload.on('error', (error: Error) => finish(error));
  };
  fastify.addContentTypeParser(CSV_TYPES, reader('csv'));
  fastify.addContentTypeParser(XLSX_CONTENT_TYPE, reader('xlsx'));
}

/** The uploaded file (the body rules already refused any other content type; this is the last guard). */
export const ImportFile = createParamDecorator((_data: unknown, context: ExecutionContext): ImportUpload => {
  const body = context.switchToHttp().getRequest<FastifyRequest>().body;
  if (!(body instanceof ImportUpload)) throw CustomerImportErrors.unsupportedType();
  return body;
});
