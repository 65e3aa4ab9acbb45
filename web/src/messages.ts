import { FunctionsError } from "firebase/functions";
import type { StatusState } from "./status";
import { sessionStatusOf } from "./token";

/** A status line entry: its state and the sentence shown to the user. */
export interface StatusMessage {
  state: StatusState;
  message: string;
}

// Plain-word reasons for the backend's sessionError codes.
const SESSION_ERRORS: Record<string, string> = {
  "auth-failed": "the video service rejected the backend's credentials",
  rejected: "the backend is configured with a wrong video service address",
  misconfigured: "the backend's video settings are missing or invalid",
  unavailable: "the backend could not reach the video service",
  "invalid-response": "the video service returned an unexpected answer",
};

/**
 * Returns the `code` of a Firestore error, such as "permission-denied".
 * NOTE: this reads the property, because in the Vite build of Firestore 12.19
 * a rejected write's error is a FirebaseError but fails an `instanceof
 * FirestoreError` check.
 */
function firestoreCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Describes a rejected or failed create, rename or delete. */
export function describeWriteError(
  action: "create" | "rename" | "delete",
  error: unknown,
): StatusMessage {
  const code = firestoreCode(error);
  if (code === "permission-denied") {
    const rule =
      action === "create"
        ? "a new broadcast needs a name of 1 to 100 characters and your own user ID"
        : "only the owner of a broadcast may rename or delete it";
    return {
      state: "write-rejected",
      message: `The server rejected the ${action}: ${rule}.`,
    };
  }
  // The SDK's messages are written for developers, so only the code is shown.
  return {
    state: "write-failed",
    message: `Could not ${action} the broadcast (${code ?? "unknown error"}). Try again.`,
  };
}

/**
 * Describes why no token could be fetched. `sessionError` is the open
 * broadcast's `sessionError` field, when the document has one, and `isOwner`
 * is whether the user may retry a failed session creation.
 */
export function describeTokenError(
  error: unknown,
  sessionError: string | undefined,
  isOwner: boolean,
): StatusMessage {
  const sessionStatus = sessionStatusOf(error);
  if (sessionStatus === "failed") {
    const reason =
      (sessionError ? SESSION_ERRORS[sessionError] : undefined) ??
      "the backend gave no reason";
    const next = isOwner
      ? "You can retry it now."
      : "The backend retries it later, and its owner can retry it now.";
    return {
      state: "session-failed",
      message: `Session creation failed for this broadcast: ${reason}. ${next}`,
    };
  }
  if (sessionStatus === "pending" || sessionStatus === "creating") {
    return {
      state: "no-session",
      message:
        "The broadcast still has no video session, so the page stopped retrying. Open it again later.",
    };
  }
  if (!(error instanceof FunctionsError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return { state: "token-failed", message: `Could not join: ${detail}` };
  }
  switch (error.code) {
    case "functions/not-found":
      return { state: "deleted", message: "This broadcast no longer exists." };
    case "functions/unauthenticated":
      return {
        state: "signed-out",
        message: "You are signed out. Sign in again to join the broadcast.",
      };
    case "functions/failed-precondition":
      return {
        state: "token-failed",
        message:
          "The backend's video settings do not match this broadcast's session, so it cannot be joined.",
      };
    default:
      return {
        state: "token-failed",
        message: `The server could not issue a video token (${error.code.replace("functions/", "")}). Try again later.`,
      };
  }
}

/** Describes why `retryBroadcastSession` failed. */
export function describeRetryError(error: unknown): StatusMessage {
  const code =
    error instanceof FunctionsError ? error.code.replace("functions/", "") : "";
  switch (code) {
    case "unavailable":
      return {
        state: "session-failed",
        message: "The video service is still unreachable. Retry later.",
      };
    case "failed-precondition":
      return {
        state: "token-failed",
        message:
          "Session creation failed again because the backend's video credentials or settings are invalid.",
      };
    case "permission-denied":
      return {
        state: "token-failed",
        message: "Only the owner of a broadcast can retry it.",
      };
    case "not-found":
      return { state: "deleted", message: "This broadcast no longer exists." };
    default:
      return {
        state: "token-failed",
        message: `Could not retry session creation (${code || "unknown error"}). Try again later.`,
      };
  }
}
