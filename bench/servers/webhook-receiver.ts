/**
 * The partners' side of the webhook-deliveries bench: a plain node:http server on 127.0.0.1 answering
 * 204 to every POST, verifying each signature as partners do (standardwebhooks). It tells the bench
 * process over IPC, in batches every 20 ms, each `webhook-id` received and when, on the clock both
 * processes share (performance.timeOrigin + performance.now()), and how many connections it accepted.
 * RECEIVER_SECRETS: JSON, path → endpoint secret.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** [webhook-id, received at (ms, shared clock), signature verified]. */
export type Receipt = [id: string, at: number, verified: boolean];
export type ReceiverMessage = { port: number } | { receipts: Receipt[]; connections: number };

const send = (message: ReceiverMessage) => process.send?.(message);
const secrets = JSON.parse(process.env.RECEIVER_SECRETS ?? '{}') as Record<string, string>;
const verifiers = new Map(Object.entries(secrets).map(([path, secret]) => [path, new Webhook(secret)]));
let receipts: Receipt[] = [];
let connections = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const at = performance.timeOrigin + performance.now();
    const verifier = verifiers.get(req.url ?? '');
    let verified: boolean;
    try {
      verifier?.verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>);
      verified = verifier !== undefined;
    } catch {
      verified = false;
    }
    receipts.push([String(req.headers['webhook-id']), at, verified]);
    res.writeHead(204).end();
  });
});
server.on('connection', () => connections++);
setInterval(() => {
  if (receipts.length === 0) return;
  send({ receipts, connections });
  receipts = [];
}, 20);
server.listen(0, '127.0.0.1', () => send({ port: (server.address() as AddressInfo).port }));
// The bench ending (or dying) ends the receiver.
process.on('disconnect', () => process.exit(0));
