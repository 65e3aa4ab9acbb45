import { CallableRequest, HttpsError } from "firebase-functions/v2/https";
import { BroadcastStore, attachedSessionId } from "./broadcast";
import { ConfigurationError } from "./config";
import * as log from "./logs";
import { connectionDataFor, expireTimeFor, roleFor } from "./token-policy";
import { parseBroadcastId } from "./validation";
import type { TokenRole, VideoService } from "./video-service";

/** Result of `getBroadcastToken`, as the web and iOS clients receive it. */
export interface BroadcastTokenResult {
  token: string;
  sessionId: string;
  apiKey: string;
  role: TokenRole;
  /** Token expiry in seconds since the epoch. */
  expireTime: number;
}

/** Dependencies of the token handler. */
export interface TokenContext {
  store: BroadcastStore;
  video: () => Promise<VideoService>;
  tokenLifetimeSeconds: () => number;
  now: () => number;
}

function requireUid(request: CallableRequest<unknown>): string {
  const uid = request.auth?.uid;
  if (!uid) {
    throw new HttpsError("unauthenticated", "Sign in to request a token.");
  }
  return uid;
}

function sessionNotReady(status: unknown): HttpsError {
  const message =
    status === "failed"
      ? "Creating the broadcast's video session failed."
      : "The broadcast's video session is not ready yet; try again shortly.";
  // Any other stored value, written outside this backend, reads as pending.
  const sessionStatus =
    status === "failed" || status === "creating" ? status : "pending";
  return new HttpsError("failed-precondition", message, { sessionStatus });
}

async function issueToken(
  context: TokenContext,
  caller: { uid: string; displayName: unknown },
  broadcastId: string,
): Promise<BroadcastTokenResult> {
  const { uid } = caller;
  const broadcast = await context.store.get(broadcastId);
  if (!broadcast) {
    throw new HttpsError("not-found", "No broadcast has this broadcastId.");
  }
  const sessionId = attachedSessionId(broadcast);
  if (!sessionId) throw sessionNotReady(broadcast.sessionStatus);

  const video = await context.video();
  if (!video.ownsSessionId(sessionId)) {
    throw new HttpsError(
      "failed-precondition",
      "The broadcast's session ID is not valid for this backend's API key.",
    );
  }

  const role = roleFor(uid, broadcast.owner);
  const expireTime = expireTimeFor(
    context.now(),
    context.tokenLifetimeSeconds(),
  );
  const token = video.generateToken(sessionId, {
    role,
    expireTime,
    data: connectionDataFor(uid, caller.displayName),
  });
  log.tokenIssued(broadcastId, uid, role);
  return { token, sessionId, apiKey: video.apiKey, role, expireTime };
}

/**
 * Creates the `getBroadcastToken` handler: a publisher token for the
 * broadcast's owner and a subscriber token for any other signed-in user.
 * @throws HttpsError `unauthenticated` without sign-in, `invalid-argument`
 * for a malformed broadcastId, `not-found` for an unknown broadcast,
 * `failed-precondition` while no valid session is attached, and
 * `internal` for anything unexpected, with a fixed message.
 */
export function createGetBroadcastTokenHandler(context: TokenContext) {
  return async (
    request: CallableRequest<unknown>,
  ): Promise<BroadcastTokenResult> => {
    const uid = requireUid(request);
    const broadcastId = parseBroadcastId(request.data);

    try {
      const displayName: unknown = request.auth?.token.name;
      return await issueToken(context, { uid, displayName }, broadcastId);
    } catch (error) {
      if (error instanceof HttpsError) throw error;
      if (error instanceof ConfigurationError) {
        log.configurationInvalid(error.message);
      } else {
        log.tokenRequestFailed(broadcastId, uid, error);
      }
      throw new HttpsError("internal", "Could not issue a token; try later.");
    }
  };
}
