import { CallableRequest, HttpsError } from "firebase-functions/v2/https";
import { BroadcastStore, attachedSessionId } from "./broadcast";
import * as log from "./logs";
import {
  SessionCreationContext,
  ensureBroadcastSession,
} from "./session-creation";
import { parseBroadcastId } from "./validation";

/** Broadcasts that one sweep run looks at, at most. */
export const SWEEP_BATCH_SIZE = 50;

/**
 * OpenTok calls per broadcast after which sweeps stop retrying it: ten
 * sweeps of three calls. The owner can still ask for a retry.
 */
export const MAX_SWEPT_ATTEMPTS = 30;

/**
 * Time after which a sweep starts no more broadcasts, so that it ends
 * within its 540 s function timeout even when every call runs to its bound
 * of about 33 s.
 */
export const SWEEP_TIME_BUDGET_MS = 480_000;

/** Result of `retryBroadcastSession`. */
export interface RetryResult {
  sessionStatus: "ready" | "creating";
}

async function failureCode(
  store: BroadcastStore,
  broadcastId: string,
): Promise<unknown> {
  return (await store.get(broadcastId))?.sessionError;
}

/**
 * Creates the `retryBroadcastSession` handler, with which a broadcast's
 * owner starts session creation again after it failed.
 * @throws HttpsError `unauthenticated`, `invalid-argument`, `not-found`,
 * `permission-denied` for anyone but the owner, `unavailable` while the
 * video service cannot be reached, and `failed-precondition` when
 * creation fails for a reason that retrying does not fix.
 */
export function createRetryBroadcastSessionHandler(
  context: SessionCreationContext,
) {
  return async (request: CallableRequest<unknown>): Promise<RetryResult> => {
    const uid = request.auth?.uid;
    if (!uid) {
      throw new HttpsError("unauthenticated", "Sign in to retry a broadcast.");
    }
    const broadcastId = parseBroadcastId(request.data);

    const broadcast = await context.store.get(broadcastId);
    if (!broadcast) {
      throw new HttpsError("not-found", "No broadcast has this broadcastId.");
    }
    if (typeof broadcast.owner !== "string" || broadcast.owner !== uid) {
      throw new HttpsError(
        "permission-denied",
        "Only the broadcast's owner can retry it.",
      );
    }
    if (attachedSessionId(broadcast)) return { sessionStatus: "ready" };

    const outcome = await ensureBroadcastSession(context, broadcastId);
    if (outcome === "attached" || outcome === "has-session") {
      return { sessionStatus: "ready" };
    }
    if (outcome === "in-progress") return { sessionStatus: "creating" };
    if (outcome === "missing") {
      throw new HttpsError("not-found", "The broadcast was deleted.");
    }

    const code = await failureCode(context.store, broadcastId);
    if (code === "unavailable" || code === "invalid-response") {
      throw new HttpsError(
        "unavailable",
        "The video service is unavailable; try again later.",
      );
    }
    throw new HttpsError(
      "failed-precondition",
      "Creating the video session failed; the backend configuration needs attention.",
    );
  };
}

/**
 * Retries session creation for broadcasts left `failed`, or `creating`
 * by a run that stopped, one batch of SWEEP_BATCH_SIZE per run. Broadcasts
 * with MAX_SWEPT_ATTEMPTS calls or more are left to their owners, and
 * broadcasts not reached within SWEEP_TIME_BUDGET_MS wait for the next run.
 * @throws the store's errors.
 */
export async function sweepUnfinishedSessions(
  context: SessionCreationContext,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // NOTE: a broadcast whose trigger never ran has no sessionStatus, so this
  // query does not find it; only its owner's retry reaches it.
  const listed = await context.store.listUnfinished(
    SWEEP_BATCH_SIZE,
    MAX_SWEPT_ATTEMPTS,
  );

  const startedAt = context.now();
  for (const { broadcastId } of listed) {
    const outOfTime = context.now() - startedAt > SWEEP_TIME_BUDGET_MS;
    const outcome = outOfTime
      ? "deferred"
      : await ensureBroadcastSession(context, broadcastId);
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  log.sweepFinished(listed.length, counts);
  return counts;
}
