import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { isIPv4, type AddressInfo } from "node:net";
import {
  checkCredentials,
  type CheckedCredentials,
  type DevServerCredentials,
} from "./auth";
import { FaultQueue, parseFaultSpecs, type FaultSpec } from "./faults";
import { handleControlRequest, isControlPath } from "./control";
import { errorBody, sendJson } from "./http-util";
import { handleSessionCreate, type DevServerStats } from "./session-create";

/**
 * One handled request, without headers or bodies, so it never contains a
 * credential or a JWT.
 */
export interface RequestLogEntry {
  method: string;
  /** URL path without the query string. */
  path: string;
  /**
   * HTTP status sent, or 0 when the connection was closed without a response.
   */
  status: number;
  mode: DevServerCredentials["mode"];
  /** Short outcome, such as "rejected: Invalid signature". */
  note: string;
}

export interface DevServerOptions {
  /**
   * Loopback address to listen on. Default "127.0.0.1". Other addresses are
   * rejected.
   */
  host?: string;
  /** TCP port. Default 0, which picks a free port. */
  port?: number;
  credentials: DevServerCredentials;
  /** Called once per handled request. */
  onRequest?: (entry: RequestLogEntry) => void;
}

/** A running development server and its test controls. */
export interface DevServer {
  /**
   * Base URL to pass as `apiUrl` to the `opentok` SDK, such as
   * "http://127.0.0.1:40123".
   */
  url: string;
  port: number;
  mode: DevServerCredentials["mode"];
  /** Stops listening and destroys open connections, delayed calls included. */
  close(): Promise<void>;
  /** Replaces the active faults. Throws an Error naming the invalid field. */
  setFaults(faults: FaultSpec | FaultSpec[]): void;
  clearFaults(): void;
  /** Returns the active faults, with `count` as the number of calls left. */
  faults(): FaultSpec[];
  /** Returns a copy of the call counters and created session IDs. */
  stats(): DevServerStats;
  /** Clears counters, session IDs and faults. */
  reset(): void;
}

function isLoopback(host: string): boolean {
  return host === "::1" || (isIPv4(host) && host.startsWith("127."));
}

function emptyStats(): DevServerStats {
  return { total: 0, succeeded: 0, rejected: 0, faulted: 0, sessionIds: [] };
}

/**
 * Starts a local stand-in for the OpenTok / Vonage Video REST API that
 * implements `POST /session/create` for development and tests. It is not the
 * real service. The test controls are under `/_dev/` (see control.ts).
 * Rejects when the options are invalid or the port cannot be bound. Error
 * messages never contain the secret or the key.
 */
export async function startOpenTokDevServer(
  options: DevServerOptions,
): Promise<DevServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (!isLoopback(host)) {
    throw new Error(
      `Invalid host "${host}": the dev server listens on loopback addresses only.`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid port ${port}: use an integer from 0 to 65535.`);
  }
  const credentials: CheckedCredentials = checkCredentials(options.credentials);
  const faults = new FaultQueue();
  const closing = new AbortController();
  const stats = emptyStats();
  const copyStats = (): DevServerStats => ({
    ...stats,
    sessionIds: [...stats.sessionIds],
  });
  const resetState = (): void => {
    Object.assign(stats, emptyStats());
    faults.clear();
  };

  const route = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ) => {
    if (path === "/session/create") {
      if (req.method === "POST") {
        return handleSessionCreate(req, res, {
          credentials,
          faults,
          stats,
          closing: closing.signal,
        });
      }
      stats.total += 1;
      stats.rejected += 1;
      sendJson(res, 405, errorBody(405, "Use POST."), { Allow: "POST" });
      return "rejected: method not allowed";
    }
    if (isControlPath(path)) {
      return handleControlRequest(req, res, path, {
        faults,
        stats: copyStats,
        reset: resetState,
      });
    }
    sendJson(res, 404, errorBody(404, `Resource not found: ${path}`));
    return "not found";
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    route(req, res, path)
      .catch((error: unknown) => {
        if (!res.headersSent) {
          sendJson(
            res,
            500,
            errorBody(500, "Internal error in the OpenTok dev server."),
          );
        }
        return `internal error: ${error instanceof Error ? error.message : String(error)}`;
      })
      .then((note) => {
        const status = res.headersSent ? res.statusCode : 0;
        options.onRequest?.({
          method: req.method ?? "",
          path,
          status,
          mode: credentials.mode,
          note,
        });
      })
      // A throwing onRequest callback must not become an unhandled rejection.
      .catch(() => undefined);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    mode: credentials.mode,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
    setFaults(spec) {
      faults.set(parseFaultSpecs(spec));
    },
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    stats: copyStats,
    reset: resetState,
  };
}
