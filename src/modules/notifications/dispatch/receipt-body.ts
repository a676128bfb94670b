/**
 * The body of `POST /v1/notification-receipts/{provider}` as the provider sent it, byte for byte:
 * signatures are computed over the raw body (Twilio's over the form fields), which a parsed and
 * re-serialised body would not reproduce. A preParsing hook copies the bytes for this route only;
 * form-encoded bodies, which no other route takes, get a parser that reads them for this route only
 * (elsewhere the common body rules answer 415 as before).
 */
import { Transform } from 'node:stream';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const RECEIPT_ROUTE = '/v1/notification-receipts/:provider';
export const FORM_TYPE = 'application/x-www-form-urlencoded';
export const RECEIPT_CONTENT_TYPES = ['application/json', FORM_TYPE];

const rawBodies = new WeakMap<FastifyRequest, Buffer>();
/** The routes whose bodies are kept raw and may be form-encoded: providers' callbacks (other modules' too: payment notifications, a carrier's tracking push). */
const RAW_ROUTES = new Set([RECEIPT_ROUTE]);
const isReceipt = (request: FastifyRequest) => request.method === 'POST' && RAW_ROUTES.has(request.routeOptions.url ?? '');

/** Keeps the raw body (`@RawReceiptBody()`) of POSTs to `url` (Fastify's route pattern), form-encoded ones included; call before the app listens. */
export function acceptRawBodies(fastify: FastifyInstance, url: string): void {
  RAW_ROUTES.add(url);
  addReceiptBodyCapture(fastify);
}

/** A form body of a receipt: read as bytes (the raw copy is what counts). */
class FormBody {
  constructor(readonly bytes: Buffer) {}
}

export function addReceiptBodyCapture(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser(FORM_TYPE)) return;
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!isReceipt(request)) return payload;
    const chunks: Buffer[] = [];
    const copy = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback(null, chunk);
      },
      flush(callback) {
        rawBodies.set(request, Buffer.concat(chunks));
        callback();
      },
    });
    return payload.pipe(copy);
  });
  fastify.addContentTypeParser(FORM_TYPE, { parseAs: 'buffer' }, (request, body, done) => done(null, isReceipt(request) ? new FormBody(body as Buffer) : undefined));
}

/** The receipt's raw body (empty when it had none). */
export const RawReceiptBody = createParamDecorator((_data: unknown, context: ExecutionContext): Buffer => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return rawBodies.get(request) ?? Buffer.alloc(0);
});
