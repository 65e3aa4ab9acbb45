import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import {
  checkOpenTokAuth,
  checkVonageAuth,
  type CheckedCredentials,
} from "./auth";
import type { FaultQueue, FaultSpec } from "./faults";
import {
  MAX_BODY_BYTES,
  errorBody,
  mediaType,
  readBody,
  sendJson,
  sendText,
} from "./http-util";
import { createSessionId, formatCreateDate } from "./session-id";
import { parseSessionCreateForm } from "./session-request";

/**
 * Counters of `/session/create` calls. total = succeeded + rejected + faulted
 * once no call is in flight.
 */
export interface DevServerStats {
  total: number;
  /** Calls that got 200 with a new session. */
  succeeded: number;
  /** Calls that got a 4xx from the method, authentication or body checks. */
  rejected: number;
  /** Calls that got (or were closed by) an injected fault other than "delay". */
  faulted: number;
  /** IDs of the created sessions, oldest first. */
  sessionIds: string[];
}

/** The server state that the session-create handler reads and updates. */
export interface SessionCreateContext {
  credentials: CheckedCredentials;
  faults: FaultQueue;
  stats: DevServerStats;
  /** Aborted when the server closes, to end delayed calls. */
  closing: AbortSignal;
}

function projectKey(credentials: CheckedCredentials): string {
  return credentials.mode === "opentok"
    ? credentials.apiKey
    : credentials.applicationId;
}

// The real response (see the validReply fixture in opentok-node's
// test/opentok-test.js) is an array with one object. Vonage mode adds
// application_id, a field that the 2025 Java SDK's CreatedSession class reads.
function sessionRecord(
  credentials: CheckedCredentials,
  sessionId?: string,
): Record<string, string> {
  const key = projectKey(credentials);
  const record: Record<string, string> =
    sessionId === undefined ? {} : { session_id: sessionId };
  Object.assign(record, { project_id: key, partner_id: key });
  if (credentials.mode === "vonage") {
    record.application_id = key;
  }
  record.create_dt = formatCreateDate(new Date());
  record.media_server_url = "";
  return record;
}

function respondWithFault(
  res: ServerResponse,
  fault: FaultSpec,
  context: SessionCreateContext,
): void {
  context.stats.faulted += 1;
  switch (fault.kind) {
    case "error": {
      const status = fault.status ?? 500;
      sendJson(
        res,
        status,
        fault.body ??
          errorBody(status, "Fault injected by the OpenTok dev server."),
      );
      return;
    }
    case "empty-body":
      sendText(res, 200, "application/json", "");
      return;
    case "malformed-body":
      sendText(res, 200, "application/json", '[{"session_id": "2_MX4');
      return;
    case "missing-session-id":
      sendJson(res, 200, [sessionRecord(context.credentials)]);
      return;
    case "close-connection":
      res.socket?.destroy();
      return;
    case "delay":
      throw new Error(
        "A delay fault is applied by handleSessionCreate before the normal response.",
      );
  }
}

function checkAuth(req: IncomingMessage, credentials: CheckedCredentials) {
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (credentials.mode === "opentok") {
    // Node joins repeated custom headers with ", ", which then fails as an
    // invalid token format.
    const raw = req.headers["x-opentok-auth"];
    const header = Array.isArray(raw) ? raw.join(", ") : raw;
    return checkOpenTokAuth(
      header,
      credentials.apiKey,
      credentials.apiSecret,
      nowSeconds,
    );
  }
  const header = req.headers.authorization;
  return checkVonageAuth(
    header,
    credentials.applicationId,
    credentials.publicKey,
    nowSeconds,
  );
}

function reject(
  res: ServerResponse,
  context: SessionCreateContext,
  status: number,
  body: unknown,
) {
  context.stats.rejected += 1;
  sendJson(res, status, body);
}

/**
 * Handles `POST /session/create`: applies the next injected fault, then checks
 * authentication and the form body, and responds 200 with a new session. Returns
 * a log-safe note on the outcome. Rejects only when reading the request fails.
 */
export async function handleSessionCreate(
  req: IncomingMessage,
  res: ServerResponse,
  context: SessionCreateContext,
): Promise<string> {
  context.stats.total += 1;
  const fault = context.faults.take();
  if (fault !== undefined && fault.kind !== "delay") {
    req.resume();
    respondWithFault(res, fault, context);
    return `fault: ${fault.kind}`;
  }
  if (fault?.delayMs !== undefined) {
    try {
      await sleep(fault.delayMs, undefined, { signal: context.closing });
    } catch {
      res.socket?.destroy();
      context.stats.faulted += 1;
      return "fault: delay ended because the server closed";
    }
  }

  const body = await readBody(req);
  if (body === undefined) {
    reject(
      res,
      context,
      413,
      errorBody(413, `Request body is larger than ${MAX_BODY_BYTES} bytes.`),
    );
    res.once("finish", () => req.socket.destroy());
    return "rejected: body too large";
  }
  const authFailure = checkAuth(req, context.credentials);
  if (authFailure !== undefined) {
    reject(res, context, authFailure.status, authFailure.body);
    return `rejected: ${authFailure.reason}`;
  }
  if (mediaType(req) !== "application/x-www-form-urlencoded") {
    const message = "Content-Type must be application/x-www-form-urlencoded.";
    reject(res, context, 415, errorBody(415, message));
    return `rejected: ${message}`;
  }
  const parsed = parseSessionCreateForm(body);
  if (!parsed.ok) {
    reject(res, context, 400, errorBody(400, parsed.message));
    return `rejected: ${parsed.message}`;
  }

  const { relayed, location } = parsed.request;
  const sessionId = createSessionId(
    projectKey(context.credentials),
    relayed,
    location,
    new Date(),
  );
  context.stats.succeeded += 1;
  context.stats.sessionIds.push(sessionId);
  sendJson(res, 200, [sessionRecord(context.credentials, sessionId)]);
  return relayed ? "created relayed session" : "created routed session";
}
