/**
 * The fault wall on a real loopback socket (127.0.0.1, a free port), for a
 * run over HTTP as the public runner makes it: each request goes to the
 * wall's `fetch`, and its answer is written to the socket, faults included:
 * a reset before headers is a TCP reset, a body that ends early closes the
 * connection without the terminating chunk, a client that goes away aborts
 * the wall's request.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultWall } from './fault-wall.js';

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Serves `wall` on 127.0.0.1; `close()` stops the server and every connection. */
export async function serveWall(wall: FaultWall): Promise<{ baseURL: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    const gone = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) gone.abort(new Error('the client went away'));
    });
    let answer: Response;
    try {
      answer = await wall.fetch(`http://127.0.0.1${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers: request.headers as Record<string, string>,
        body: await bodyOf(request),
        signal: gone.signal,
      });
    } catch (error) {
      // A reset before any byte: a TCP RST; anything else (the client left): just close.
      if (error instanceof TypeError && error.message === 'fetch failed') request.socket.resetAndDestroy();
      else request.socket.destroy();
      return;
    }
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.flushHeaders();
    if (answer.body === null) {
      response.end();
      return;
    }
    try {
      for await (const chunk of answer.body) response.write(chunk);
      response.end();
    } catch {
      // The body ended early: close without the terminating chunk.
      request.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
