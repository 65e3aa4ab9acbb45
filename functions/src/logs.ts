import * as logger from "firebase-functions/logger";
import type { ClaimOutcome, SessionErrorCode } from "./broadcast";
import type { TokenRole } from "./video-service";

// One function per log event, with ids as structured fields. Nothing here
// takes a token, a secret or a whole document. No field is called
// `message`, because the logger replaces that field with the entry's text.

export function sessionCreationSkipped(
  broadcastId: string,
  reason: Exclude<ClaimOutcome, "claimed">,
): void {
  logger.info("Session creation skipped", { broadcastId, reason });
}

export function sessionAttemptFailed(
  broadcastId: string,
  attempt: number,
  errorCode: SessionErrorCode,
  retryable: boolean,
  reason: string,
): void {
  logger.warn("Session creation attempt failed", {
    broadcastId,
    attempt,
    errorCode,
    retryable,
    reason,
  });
}

export function sessionAttached(broadcastId: string, attempts: number): void {
  logger.info("Session attached", { broadcastId, attempts });
}

export function sessionDiscarded(
  broadcastId: string,
  reason: "missing" | "has-session",
): void {
  logger.warn("Created session discarded", { broadcastId, reason });
}

export function sessionCreationFailed(
  broadcastId: string,
  errorCode: SessionErrorCode,
  attempts: number,
): void {
  logger.error("Session creation failed", { broadcastId, errorCode, attempts });
}

export function tokenIssued(
  broadcastId: string,
  uid: string,
  role: TokenRole,
): void {
  logger.info("Token issued", { broadcastId, uid, role });
}

export function tokenRequestFailed(
  broadcastId: string | undefined,
  uid: string | undefined,
  error: unknown,
): void {
  const name = error instanceof Error ? error.name : typeof error;
  const reason = error instanceof Error ? error.message : undefined;
  logger.error("Token request failed", { broadcastId, uid, name, reason });
}

export function configurationInvalid(reason: string): void {
  logger.error("Configuration invalid", { reason });
}

export function sweepFinished(
  listed: number,
  outcomes: Record<string, number>,
): void {
  logger.info("Session sweep finished", { listed, outcomes });
}
