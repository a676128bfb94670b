/**
 * A raw HTTP client for the fuzz suite: sends paths, headers and bodies exactly as given (supertest
 * and fetch would normalise or refuse them), over a real socket so Node's own limits (431) apply.
 */
import http from 'node:http';

export interface RawRequest {
  method: string;
  /** Already percent-encoded, as it goes on the request line. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json?: unknown;
}

// A connection per request: the server may close one after an error, and a reused dead socket would look like a hang-up.
const agent = new http.Agent({ keepAlive: false });

export function send(port: number, request: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body) headers['content-length'] = request.body.length;
    const req = http.request({ host: '127.0.0.1', port, method: request.method, path: request.url, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        if (/json/.test(res.headers['content-type'] ?? '') && text) {
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

export function closeClient(): void {
  agent.destroy();
}

/** encodeURIComponent that also encodes lone surrogates (as WTF-8 bytes, what a sloppy client sends). */
export function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}
