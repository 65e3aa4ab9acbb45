import net from "node:net";

type Connect = typeof net.Socket.prototype.connect;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

function targetOf(args: unknown[]): { host: string; port: number } | undefined {
  // net.createConnection passes its already normalized [options, callback].
  const [first, second] = Array.isArray(args[0])
    ? (args[0] as unknown[])
    : args;
  if (typeof first === "object" && first !== null) {
    const options = first as { host?: string; port?: number | string };
    if (options.port === undefined) return undefined;
    return { host: options.host ?? "localhost", port: Number(options.port) };
  }
  if (typeof first === "number" || typeof first === "string") {
    const port = Number(first);
    if (Number.isNaN(port)) return undefined;
    return { host: typeof second === "string" ? second : "localhost", port };
  }
  return undefined;
}

/**
 * Makes every TCP connection fail unless it goes to a loopback address on
 * one of the allowed ports (any port when none are given), so that a test
 * cannot reach any other server by accident. Returns a function that
 * restores normal behaviour.
 */
export function closeNetworkExcept(allowedPorts?: () => number[]): () => void {
  // Called only through apply with the socket as `this`, so it stays bound.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original: Connect = net.Socket.prototype.connect;

  const guarded = function (this: net.Socket, ...args: unknown[]) {
    const target = targetOf(args);
    if (
      target &&
      (!LOOPBACK_HOSTS.has(target.host) ||
        (allowedPorts && !allowedPorts().includes(target.port)))
    ) {
      throw new Error(
        `Network closed in unit tests: blocked ${target.host}:${target.port}`,
      );
    }
    return (original as (...rest: unknown[]) => net.Socket).apply(this, args);
  };

  net.Socket.prototype.connect = guarded;
  return () => {
    net.Socket.prototype.connect = original;
  };
}
