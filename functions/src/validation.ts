import { HttpsError } from "firebase-functions/v2/https";

/** Firestore's maximum document ID size, in UTF-8 bytes. */
const MAX_DOCUMENT_ID_BYTES = 1500;

const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function invalid(message: string): HttpsError {
  return new HttpsError("invalid-argument", message);
}

/**
 * Reads `broadcastId` from callable data and checks it against Firestore's
 * document ID rules: valid UTF-8, at most 1,500 bytes, no `/`, not `.` or
 * `..`, and not of the reserved form `__…__`.
 * @throws HttpsError `invalid-argument` naming the broken rule.
 */
export function parseBroadcastId(data: unknown): string {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw invalid("The request data must be an object with a broadcastId.");
  }
  const broadcastId = (data as Record<string, unknown>).broadcastId;

  if (broadcastId === undefined || broadcastId === null) {
    throw invalid("broadcastId is missing.");
  }
  if (typeof broadcastId !== "string" || broadcastId.length === 0) {
    throw invalid("broadcastId must be a non-empty string.");
  }
  if (LONE_SURROGATE.test(broadcastId)) {
    throw invalid("broadcastId must be valid Unicode text.");
  }
  if (Buffer.byteLength(broadcastId, "utf8") > MAX_DOCUMENT_ID_BYTES) {
    throw invalid(
      `broadcastId must be at most ${MAX_DOCUMENT_ID_BYTES} bytes in UTF-8.`,
    );
  }
  if (broadcastId.includes("/")) {
    throw invalid('broadcastId must not contain "/".');
  }
  if (broadcastId === "." || broadcastId === "..") {
    throw invalid('broadcastId must not be "." or "..".');
  }
  // NOTE: the Firestore emulator stores ids such as "____" that this rule
  // rejects; whether production Firestore accepts them is unverified.
  if (/^__.*__$/s.test(broadcastId)) {
    throw invalid('broadcastId must not start and end with "__".');
  }
  return broadcastId;
}
