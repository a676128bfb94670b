/**
 * The upload of POST /v1/customer-imports: the request body is the CSV file itself. Fastify gets a
 * parser for CSV content types that hands the route the raw bytes, with a limit of its own.
 */
import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { CustomerImportErrors, IMPORT_MAX_BYTES } from './customer-imports.errors.js';

export const IMPORT_ROUTE = '/v1/customer-imports';
/** Excel and browsers label .csv files variously; all mean the same bytes. */
export const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];

/** The uploaded file. Its JSON form (what the Idempotency-Key fingerprint hashes) is its digest, not megabytes of numbers. */
class CsvUpload {
  constructor(readonly bytes: Buffer) {}
  toJSON(): { csvSha256: string } {
    return { csvSha256: createHash('sha256').update(this.bytes).digest('hex') };
  }
}

/**
 * Reads a CSV body as bytes, for POST /v1/customer-imports only and up to IMPORT_MAX_BYTES (other
 * routes keep BODY_LIMIT_BYTES and answer a CSV body 415 as before). A larger file is refused from
 * its Content-Length, or as soon as it passes the limit.
 */
export function addCsvParser(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('text/csv')) return;
  fastify.addContentTypeParser(CSV_TYPES, (request: FastifyRequest, payload, done) => {
    if (request.method !== 'POST' || request.routeOptions.url !== IMPORT_ROUTE) return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
    if (Number(request.headers['content-length']) > IMPORT_MAX_BYTES) return done(CustomerImportErrors.fileTooLarge(), undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: Error | null, body?: CsvUpload) => {
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
    payload.on('end', () => finish(null, new CsvUpload(Buffer.concat(chunks, size))));
    payload.on('error', (error) => finish(error));
  });
}

/** The CSV body; anything else (JSON, a form) is refused with 415. */
export const CsvFile = createParamDecorator((_data: unknown, context: ExecutionContext): Buffer => {
  const body = context.switchToHttp().getRequest<FastifyRequest>().body;
  if (!(body instanceof CsvUpload)) throw CustomerImportErrors.notCsv();
  return body.bytes;
});
