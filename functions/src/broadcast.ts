/** Firestore collection with one document per broadcast. */
export const BROADCASTS_COLLECTION = "broadcasts";

/**
 * Progress of OpenTok session creation for a broadcast, stored in the
 * server-written `sessionStatus` field. A broadcast without the field has
 * not been picked up yet.
 */
export type SessionStatus = "creating" | "ready" | "failed";

/**
 * Reason for a failed session creation, stored in `sessionError` so that
 * clients can show it. These are our own codes, never upstream text.
 */
export type SessionErrorCode =
  | "auth-failed"
  | "unavailable"
  | "invalid-response"
  | "rejected"
  | "misconfigured";

/**
 * A broadcast document as read from Firestore. Fields are `unknown`
 * because the Admin SDK and older clients can write anything.
 */
export interface BroadcastRecord {
  owner: unknown;
  name: unknown;
  sessionId: unknown;
  sessionStatus: unknown;
  sessionError: unknown;
}

/** A broadcast ID with the record it had when listed. */
export interface ListedBroadcast {
  broadcastId: string;
  record: BroadcastRecord;
  sessionAttempts: number;
}

/** Outcome of trying to claim session creation for a broadcast. */
export type ClaimOutcome =
  "claimed" | "missing" | "has-session" | "in-progress";

/** Outcome of writing a session ID or a failure to a broadcast. */
export type WriteOutcome = "written" | "missing" | "has-session";

/**
 * Storage of broadcasts as the backend needs it. Every method that
 * changes a document checks its state in the same transaction, so a
 * duplicate or late call never replaces an attached session.
 */
export interface BroadcastStore {
  /** Reads a broadcast, or returns undefined when it does not exist. */
  get(broadcastId: string): Promise<BroadcastRecord | undefined>;

  /**
   * Lists up to `limit` broadcasts whose status is `failed` or `creating`
   * and that have had fewer than `maxAttempts` OpenTok calls.
   */
  listUnfinished(
    limit: number,
    maxAttempts: number,
  ): Promise<ListedBroadcast[]>;

  /**
   * Marks the broadcast as `creating` unless it is gone, already has a
   * session, or another claim younger than `leaseMs` is in progress.
   */
  claimSessionCreation(
    broadcastId: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<ClaimOutcome>;

  /** Writes `sessionId` and status `ready` unless a session is attached. */
  attachSession(
    broadcastId: string,
    sessionId: string,
    attempts: number,
  ): Promise<WriteOutcome>;

  /** Writes status `failed` and the reason unless a session is attached. */
  recordFailure(
    broadcastId: string,
    errorCode: SessionErrorCode,
    attempts: number,
  ): Promise<WriteOutcome>;
}

/** Returns the session ID when the record has a usable one. */
export function attachedSessionId(record: BroadcastRecord): string | undefined {
  const sessionId = record.sessionId;
  return typeof sessionId === "string" && sessionId.length > 0
    ? sessionId
    : undefined;
}
