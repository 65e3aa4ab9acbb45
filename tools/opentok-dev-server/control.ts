import type { IncomingMessage, ServerResponse } from "node:http";
import { parseFaultSpecs, type FaultQueue } from "./faults";
import {
  MAX_BODY_BYTES,
  errorBody,
  mediaType,
  readBody,
  sendJson,
} from "./http-util";
import type { DevServerStats } from "./session-create";

/** The server state that the `/_dev/` test controls read and change. */
export interface ControlState {
  faults: FaultQueue;
  stats(): DevServerStats;
  reset(): void;
}

const ALLOWED_METHODS: Record<string, string[]> = {
  "/_dev/faults": ["GET", "POST", "DELETE"],
  "/_dev/stats": ["GET"],
  "/_dev/reset": ["POST"],
};

/** Returns whether `path` is one of the test control endpoints. */
export function isControlPath(path: string): boolean {
  return path in ALLOWED_METHODS;
}

async function setFaultsFromBody(
  req: IncomingMessage,
  res: ServerResponse,
  faults: FaultQueue,
): Promise<string> {
  const body = await readBody(req);
  if (body === undefined) {
    sendJson(
      res,
      413,
      errorBody(413, `Request body is larger than ${MAX_BODY_BYTES} bytes.`),
    );
    res.once("finish", () => req.socket.destroy());
    return "rejected: body too large";
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    sendJson(res, 400, errorBody(400, "Body is not valid JSON."));
    return "rejected: body is not valid JSON";
  }
  try {
    faults.set(parseFaultSpecs(value));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    sendJson(res, 400, errorBody(400, message));
    return `rejected: ${message}`;
  }
  sendJson(res, 200, { faults: faults.list() });
  return "set faults";
}

// Browsers send an Origin header with every POST and DELETE, no-cors
// requests included; local tools and the tests send none.
function isCrossSiteRequest(req: IncomingMessage): boolean {
  return req.headers.origin !== undefined;
}

/**
 * Handles the test controls and returns a log-safe note:
 * - `GET /_dev/faults` lists the active faults.
 * - `POST /_dev/faults` replaces them with the JSON body, which is one fault or
 *   an array of faults.
 * - `DELETE /_dev/faults` clears them.
 * - `GET /_dev/stats` returns the counters and created session IDs.
 * - `POST /_dev/reset` clears counters, session IDs and faults.
 */
export async function handleControlRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  state: ControlState,
): Promise<string> {
  const allowed = ALLOWED_METHODS[path] ?? [];
  const method = req.method ?? "";
  if (!allowed.includes(method)) {
    const message = `Use ${allowed.join(", ")}.`;
    sendJson(res, 405, errorBody(405, message), { Allow: allowed.join(", ") });
    return "rejected: method not allowed";
  }
  // Any web page can send a simple POST here without a preflight, so a
  // change must come without an Origin and with a JSON body.
  if (method !== "GET" && isCrossSiteRequest(req)) {
    sendJson(
      res,
      403,
      errorBody(403, "Send test controls from a local tool, not a web page."),
    );
    return "rejected: cross-site control request";
  }
  if (path === "/_dev/faults" && method === "POST") {
    if (mediaType(req) !== "application/json") {
      sendJson(
        res,
        415,
        errorBody(415, "Send the faults as application/json."),
      );
      return "rejected: not JSON";
    }
    return setFaultsFromBody(req, res, state.faults);
  }
  if (path === "/_dev/faults") {
    if (method === "DELETE") {
      state.faults.clear();
    }
    sendJson(res, 200, { faults: state.faults.list() });
    return method === "DELETE" ? "cleared faults" : "listed faults";
  }
  if (path === "/_dev/reset") {
    state.reset();
  }
  sendJson(res, 200, state.stats());
  return path === "/_dev/reset" ? "reset" : "listed stats";
}
