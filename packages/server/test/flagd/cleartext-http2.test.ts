import { createServer, request as httpRequest } from 'node:http';
import { createServer as createHttp2Server, connect as http2Connect } from 'node:http2';
import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptCleartextHttp2, type CleartextHttp2 } from '../../src/sdk/flagd/cleartext-http2.js';

// One port, two protocols: each connection's first bytes send it to the HTTP/2 server (gRPC's cleartext
// "prior knowledge") or leave it with the HTTP/1.1 server.
describe('HTTP/2 without TLS beside HTTP/1.1 on one port', () => {
  const http1 = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => response.end(`h1 ${request.method} ${body.length}`));
  });
  const http2 = createHttp2Server((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => response.end(`h2 ${request.method} ${body.length}`));
  });
  let dispatch: CleartextHttp2;
  let port: number;

  beforeAll(async () => {
    dispatch = acceptCleartextHttp2(http1, http2);
    await new Promise<void>((resolve) => http1.listen(0, '127.0.0.1', resolve));
    port = (http1.address() as { port: number }).port;
  });
  afterAll(async () => {
    await dispatch.close(100);
    http1.closeAllConnections();
    await new Promise((resolve) => http1.close(resolve));
  });

  const h1 = (body: string, agent?: import('node:http').Agent) =>
    new Promise<string>((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', agent }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('keeps HTTP/1.1 connections (several requests on one, large bodies) with the HTTP/1.1 server', async () => {
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const size of [0, 1, 200_000]) expect(await h1('x'.repeat(size), agent)).toBe(`h1 POST ${size}`);
    } finally {
      agent.destroy();
    }
  });

  it('hands HTTP/2 connections to the HTTP/2 server', async () => {
    const session = http2Connect(`http://127.0.0.1:${port}`);
    try {
      for (const size of [0, 300_000]) {
        const text = await new Promise<string>((resolve, reject) => {
          const stream = session.request({ ':method': 'POST', ':path': '/' });
          let received = '';
          stream.on('data', (chunk) => (received += chunk));
          stream.on('end', () => resolve(received));
          stream.on('error', reject);
          stream.end('y'.repeat(size));
        });
        expect(text).toBe(`h2 POST ${size}`);
      }
    } finally {
      session.close();
    }
  });

  it('waits for more bytes when the first ones could still be the HTTP/2 preface', async () => {
    // "P" then "OST …": a prefix of "PRI * HTTP/2.0" at first, HTTP/1.1 in the end.
    const socket = tcpConnect(port, '127.0.0.1');
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
    });
    socket.write('P');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.end('OST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab');
    expect(await answer).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*h1 POST 2$/);
  });

  it('survives an HTTP/2 preface followed by garbage', async () => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.alloc(64, 0xff)]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    expect(await h1('still here')).toBe('h1 POST 10');
  });

  it('survives a client that resets the connection before saying anything', async () => {
    const socket = tcpConnect(port, '127.0.0.1');
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await h1('still here')).toBe('h1 POST 10');
  });
});
