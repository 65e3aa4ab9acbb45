import type { BroadcastStore, SessionErrorCode } from "./broadcast";
import { ConfigurationError } from "./config";
import * as log from "./logs";
import { VideoService, VideoServiceError } from "./video-service";

/** Bounds for creating one broadcast's session. */
export interface SessionPolicy {
  /** OpenTok calls per claim, the first included. */
  maxAttempts: number;
  /** Wait before the second call; it doubles for each later call. */
  initialBackoffMs: number;
  /** Time after which one OpenTok call is abandoned. */
  callTimeoutMs: number;
  /** Age after which a `creating` claim counts as abandoned. */
  claimLeaseMs: number;
}

/** Three calls, 10 s each, 1 s then 2 s apart: at most about 33 s. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  maxAttempts: 3,
  initialBackoffMs: 1000,
  callTimeoutMs: 10_000,
  claimLeaseMs: 120_000,
};

/** Outcome of one ensureBroadcastSession call. */
export type EnsureOutcome =
  "attached" | "failed" | "missing" | "has-session" | "in-progress";

/** Dependencies of session creation. */
export interface SessionCreationContext {
  store: BroadcastStore;
  video: () => Promise<VideoService>;
  policy: SessionPolicy;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

type CreationResult =
  | { sessionId: string; attempts: number }
  | { errorCode: SessionErrorCode; attempts: number };

async function createWithRetries(
  context: SessionCreationContext,
  broadcastId: string,
): Promise<CreationResult> {
  const { policy } = context;
  for (let attempt = 1; ; attempt++) {
    try {
      const video = await context.video();
      return {
        sessionId: await video.createRoutedSession(),
        attempts: attempt,
      };
    } catch (error) {
      if (error instanceof ConfigurationError) {
        log.configurationInvalid(error.message);
        return { errorCode: "misconfigured", attempts: attempt - 1 };
      }
      if (!(error instanceof VideoServiceError)) throw error;

      log.sessionAttemptFailed(
        broadcastId,
        attempt,
        error.code,
        error.retryable,
        error.message,
      );
      if (!error.retryable || attempt >= policy.maxAttempts) {
        return { errorCode: error.code, attempts: attempt };
      }
      await context.sleep(policy.initialBackoffMs * 2 ** (attempt - 1));
    }
  }
}

/**
 * Creates and attaches an OpenTok session for a broadcast. A claim in the
 * document lets one run at a time call OpenTok, until the claim is older
 * than `claimLeaseMs`. The final write is skipped when the broadcast was
 * deleted or got a session meanwhile. A failure that retries cannot fix is
 * written to the document as `sessionStatus: "failed"` with a code.
 * @throws the store's errors.
 */
export async function ensureBroadcastSession(
  context: SessionCreationContext,
  broadcastId: string,
): Promise<EnsureOutcome> {
  const claim = await context.store.claimSessionCreation(
    broadcastId,
    context.now(),
    context.policy.claimLeaseMs,
  );
  if (claim !== "claimed") {
    log.sessionCreationSkipped(broadcastId, claim);
    return claim;
  }

  const result = await createWithRetries(context, broadcastId);

  if ("errorCode" in result) {
    const written = await context.store.recordFailure(
      broadcastId,
      result.errorCode,
      result.attempts,
    );
    log.sessionCreationFailed(broadcastId, result.errorCode, result.attempts);
    return written === "written" ? "failed" : written;
  }

  const written = await context.store.attachSession(
    broadcastId,
    result.sessionId,
    result.attempts,
  );
  if (written !== "written") {
    log.sessionDiscarded(broadcastId, written);
    return written;
  }
  log.sessionAttached(broadcastId, result.attempts);
  return "attached";
}
