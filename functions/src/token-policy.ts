import type { TokenRole } from "./video-service";

/** OpenTok's maximum length of a token's connection data, in characters. */
export const MAX_CONNECTION_DATA_LENGTH = 1000;

/** Returns `publisher` only when the caller is the broadcast's owner. */
export function roleFor(uid: string, owner: unknown): TokenRole {
  return typeof owner === "string" && owner.length > 0 && owner === uid
    ? "publisher"
    : "subscriber";
}

/**
 * Builds the connection data that other clients see for this caller: JSON
 * with the Firebase uid and, when the account has one, its display name.
 * Nothing else from the account, such as the email address, goes in. The
 * name is cut at a code point boundary so that the JSON stays within
 * OpenTok's limit, whatever script it is in.
 */
export function connectionDataFor(uid: string, displayName?: unknown): string {
  const withoutName = JSON.stringify({ uid });
  if (typeof displayName !== "string" || displayName.trim() === "") {
    return withoutName;
  }

  let name = "";
  for (const codePoint of displayName) {
    const longer = name + codePoint;
    if (
      JSON.stringify({ uid, name: longer }).length > MAX_CONNECTION_DATA_LENGTH
    ) {
      break;
    }
    name = longer;
  }
  return name === "" ? withoutName : JSON.stringify({ uid, name });
}

/** Returns the expiry in seconds since the epoch for a token issued now. */
export function expireTimeFor(nowMs: number, lifetimeSeconds: number): number {
  return Math.floor(nowMs / 1000) + lifetimeSeconds;
}
