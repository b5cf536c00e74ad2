import net from 'node:net';

export interface FailoverProxy {
  /** The proxy's base URL: give it to a provider as its server URL. */
  url: string;
  /** Connections opened to each upstream port, in order of arrival. */
  readonly routed: number[];
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy standing in for a load balancer in front of replicas: each new connection
 * goes to the first upstream that accepts it (the preferred replica first), so a client of a
 * killed replica reconnects to a live one. Open connections die with their upstream.
 */
export async function startFailoverProxy(upstreamPorts: number[]): Promise<FailoverProxy> {
  const sockets = new Set<net.Socket>();
  const routed: number[] = [];
  const connectFirst = (client: net.Socket, index: number) => {
    const port = upstreamPorts[index];
    if (port === undefined || client.destroyed) {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      routed.push(port);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      // Refused: this replica is gone, try the next one. Reset later: the client sees it end.
      if (!connected) connectFirst(client, index + 1);
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      if (connected) client.destroy();
    });
    client.on('close', () => upstream.destroy());
  };
  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on('error', () => client.destroy());
    client.on('close', () => sockets.delete(client));
    connectFirst(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routed,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
