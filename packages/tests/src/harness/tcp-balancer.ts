import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** The replicas behind it (base URLs); a restarted replica comes back on a new port. */
  setBackends(urls: string[]): void;
  /** Connections handed to each backend so far, by base URL. */
  connections: Map<string, number>;
  /** Connects a backend refused (it had stopped listening), each retried on another backend. */
  refusedConnects(): number;
  /**
   * Connections a backend broke (an error on an accepted connection), by error code and by
   * whether the backend had answered anything on it: what a client saw as a reset.
   */
  brokenConnections(): Record<string, number>;
  stop(): Promise<void>;
}

/**
 * A TCP load balancer as a Kubernetes Service with readiness probes behaves: new connections go
 * round-robin to the backends whose `/health` answered 200 at the last probe (every
 * `probeMs`), and a connect that is refused is tried on the next backend, as proxies retry
 * connect failures. A connection stays on its backend until either side closes it.
 */
export async function startBalancer(initial: string[], probeMs = 100): Promise<Balancer> {
  let backends = [...initial];
  const ready = new Set<string>(initial);
  const connections = new Map<string, number>();
  const open = new Set<Socket>();
  let refused = 0;
  const broken = new Map<string, number>();
  let turn = 0;

  const probe = setInterval(() => {
    for (const backend of backends) {
      fetch(`${backend}/health`, { signal: AbortSignal.timeout(probeMs * 5) }).then(
        (res) => {
          void res.body?.cancel();
          if (res.status === 200) ready.add(backend);
          else ready.delete(backend);
        },
        () => ready.delete(backend),
      );
    }
  }, probeMs);

  const pick = (exclude: Set<string>): string | undefined => {
    const candidates = backends.filter((backend) => ready.has(backend) && !exclude.has(backend));
    const pool = candidates.length > 0 ? candidates : backends.filter((backend) => !exclude.has(backend));
    if (pool.length === 0) return undefined;
    return pool[turn++ % pool.length];
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => undefined);
    const tried = new Set<string>();
    const attempt = () => {
      const backend = pick(tried);
      if (!backend) return client.destroy();
      tried.add(backend);
      const url = new URL(backend);
      const upstream = connect(Number(url.port), url.hostname);
      upstream.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED' && !upstream.readableEnded && upstream.bytesRead === 0 && upstream.bytesWritten === 0) {
          refused++;
          attempt();
        } else client.destroy();
      });
      upstream.once('connect', () => {
        connections.set(backend, (connections.get(backend) ?? 0) + 1);
        open.add(upstream);
        upstream.once('close', (hadError) => {
          open.delete(upstream);
          // Closed by the backend with nothing sent back, though the client had sent a request.
          if (!hadError && upstream.bytesRead === 0 && upstream.bytesWritten > 0) broken.set('closed before any answer', (broken.get('closed before any answer') ?? 0) + 1);
          client.destroy();
        });
        upstream.removeAllListeners('error');
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          const what = `${error.code ?? error.message} ${upstream.bytesRead === 0 ? 'before any answer' : 'after an answer'}`;
          broken.set(what, (broken.get(what) ?? 0) + 1);
          client.destroy();
        });
        client.once('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    refusedConnects: () => refused,
    brokenConnections: () => Object.fromEntries(broken),
    setBackends(urls) {
      backends = [...urls];
      for (const backend of [...ready]) if (!urls.includes(backend)) ready.delete(backend);
    },
    async stop() {
      clearInterval(probe);
      for (const socket of open) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
