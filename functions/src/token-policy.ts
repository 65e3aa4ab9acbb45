import type { TokenRole } from "./video-service";

/** Returns `publisher` only when the caller is the broadcast's owner. */
export function roleFor(uid: string, owner: unknown): TokenRole {
  return typeof owner === "string" && owner.length > 0 && owner === uid
    ? "publisher"
    : "subscriber";
}

/**
 * Builds the connection data that other clients see for this caller: JSON
 * with the Firebase uid only, so no personal data leaves the backend.
 */
export function connectionDataFor(uid: string): string {
  return JSON.stringify({ uid });
}

/** Returns the expiry in seconds since the epoch for a token issued now. */
export function expireTimeFor(nowMs: number, lifetimeSeconds: number): number {
  return Math.floor(nowMs / 1000) + lifetimeSeconds;
}
