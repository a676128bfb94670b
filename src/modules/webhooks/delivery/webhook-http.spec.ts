import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { postWebhook, WebhookConnections } from './webhook-http.js';

/** A local receiver counting connections and the requests each carried; `answer` decides what it does. */
async function receiver(answer: (req: IncomingMessage, res: ServerResponse, nth: number) => void) {
  const perSocket = new Map<Socket, number>();
  const server: Server = createServer((req, res) => {
    const nth = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, nth);
    req.resume();
    req.on('end', () => answer(req, res, nth));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    connections: () => perSocket.size,
    requests: () => [...perSocket.values()].reduce((a, b) => a + b, 0),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const request = (url: string) => ({ url, body: '{"type":"webhook.test"}', headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' } });
const open = { httpsOnly: false, allowPrivate: true, timeoutMs: 5000 };

describe('webhook connections (keep-alive)', () => {
  let connections: WebhookConnections;
  beforeEach(() => {
    connections = new WebhookConnections();
  });
  afterEach(() => connections.close());

  it('reuses one connection for attempts to the same host and checked address', async () => {
    const server = await receiver((_req, res) => res.writeHead(204).end());
    try {
      for (let i = 0; i < 3; i++) expect(await postWebhook(request(server.url), { ...open, connections })).toMatchObject({ succeeded: true, statusCode: 204 });
      expect([server.connections(), server.requests()]).toEqual([1, 3]);
      // Without the pools, each attempt opens its own.
      await postWebhook(request(server.url), open);
      expect(server.connections()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('checks the address at every attempt: a pooled connection to it does not let a refused attempt through', async () => {
    const server = await receiver((_req, res) => res.writeHead(204).end());
    try {
      expect((await postWebhook(request(server.url), { ...open, connections })).succeeded).toBe(true);
      const refused = await postWebhook(request(server.url), { ...open, allowPrivate: false, connections });
      expect(refused).toMatchObject({ succeeded: false, statusCode: null });
      expect(refused.error).toContain('loopback');
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('keeps one pool per checked address: the same host resolving elsewhere gets none of the old connections', () => {
    const url = new URL('https://partner.example/hook');
    const first = connections.agentFor(url, '93.184.216.34');
    expect(connections.agentFor(url, '93.184.216.34')).toBe(first);
    expect(connections.agentFor(url, '93.184.216.35')).not.toBe(first);
    expect(connections.agentFor(new URL('https://partner.example:8443/hook'), '93.184.216.34')).not.toBe(first);
    expect(connections.agentFor(new URL('https://other.example/hook'), '93.184.216.34')).not.toBe(first);
  });

  it('sends again on a new connection when the server dropped the kept-alive one as it was reused', async () => {
    // The second request on a connection is dropped unanswered, as by a server closing an idle connection.
    const server = await receiver((req, res, nth) => (nth === 2 ? req.socket.destroy() : res.writeHead(204).end()));
    try {
      expect((await postWebhook(request(server.url), { ...open, connections })).succeeded).toBe(true);
      expect(await postWebhook(request(server.url), { ...open, connections })).toMatchObject({ succeeded: true, statusCode: 204, error: null });
      expect([server.connections(), server.requests()]).toEqual([2, 3]);
    } finally {
      await server.close();
    }
  });

  it('does not pool a connection whose answer was cut at the read cap', async () => {
    const server = await receiver((_req, res) => res.writeHead(200).end('x'.repeat(200 * 1024)));
    try {
      expect((await postWebhook(request(server.url), { ...open, connections })).succeeded).toBe(true);
      expect((await postWebhook(request(server.url), { ...open, connections })).succeeded).toBe(true);
      expect(server.connections()).toBe(2);
    } finally {
      await server.close();
    }
  });
});
