import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

/** A JWKS document served on 127.0.0.1 (port 0) for OIDC tests; counts requests. */
export interface JwksServer {
  readonly url: string;
  requests(): number;
  close(): Promise<void>;
}

/** Serve `{ keys }` at /jwks on loopback; every other path is a 404. */
export async function serveJwks(keys: readonly JWK[]): Promise<JwksServer> {
  let count = 0;
  const body = JSON.stringify({ keys });
  const server = createServer((req, res) => {
    count++;
    if (req.url !== '/jwks') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
