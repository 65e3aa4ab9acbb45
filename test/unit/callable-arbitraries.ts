import fc from "fast-check";
import { apiKey } from "./token-fixtures";

// Generators of callers and of stored broadcasts that break the data model,
// for the getBroadcastToken properties.

/** A signed-in caller: a Firebase uid and the token's display name. */
export interface Caller {
  uid: string;
  displayName: unknown;
}

/**
 * A stored sessionId: the real session of the test's stand-in, which the
 * test fills in, or any other value.
 */
export type StoredSessionId =
  { kind: "real" } | { kind: "other"; value: unknown };

/** A stored broadcast whose fields may have any type. */
export interface StoredDocument {
  owner: unknown;
  name: unknown;
  sessionId: StoredSessionId;
  sessionStatus: unknown;
}

/** Values of `details.sessionStatus` that the README documents. */
export const SESSION_STATUS_DETAILS = ["pending", "creating", "failed"];

/** The owner of the stored broadcasts in the properties. */
export const OWNER_UID = "alice";

/**
 * A caller whose uid is the owner's, another user's or any string of up to
 * 128 code points, the maximum length of a Firebase uid, with a display
 * name of any type and length or none.
 */
export const callerArb: fc.Arbitrary<Caller> = fc.record({
  uid: fc.oneof(
    fc.constantFrom(OWNER_UID, "bob"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 128 }),
  ),
  displayName: fc.oneof(
    fc.constant(undefined),
    fc.string({ unit: "binary", maxLength: 1200 }),
    fc.jsonValue(),
  ),
});

// Bytes around the ASCII boundary are weighted: `~` separates the fields of
// a session ID, and 0xFE differs from it only in the high bit.
const byteArb = fc.oneof(
  fc.integer({ min: 0, max: 255 }),
  fc.constantFrom(0x7e, 0xfe, 0x7f, 0x80, 0xff),
);

/**
 * A string with the layout of an OpenTok session ID: a prefix, then base64
 * of `~`-separated fields whose second is this backend's API key, another
 * key or any text.
 */
const craftedSessionIdArb = fc
  .record({
    prefix: fc.constantFrom("1_", "2_", "3_", "1-", ""),
    head: fc.array(byteArb, { maxLength: 6 }),
    key: fc.oneof(
      { weight: 3, arbitrary: fc.constant(apiKey) },
      fc.constant("87654321"),
      fc.string({ maxLength: 10 }),
    ),
    tail: fc.array(byteArb, { maxLength: 12 }),
    encoding: fc.constantFrom<BufferEncoding>("base64url", "base64"),
  })
  .map(({ prefix, head, key, tail, encoding }) => {
    const bytes = Buffer.concat([
      Buffer.from(head),
      Buffer.from(`~${key}~`, "latin1"),
      Buffer.from(tail),
    ]);
    return prefix + bytes.toString(encoding);
  });

const sessionIdArb: fc.Arbitrary<StoredSessionId> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: "real" as const }) },
  { weight: 3, arbitrary: craftedSessionIdArb.map(other) },
  fc.constantFrom(undefined, null, "", 7, true).map(other),
  fc.jsonValue().map(other),
  fc.string().map(other),
);

function other(value: unknown): StoredSessionId {
  return { kind: "other", value };
}

/** A stored broadcast with fields of any type and an odd sessionId. */
export const storedDocumentArb: fc.Arbitrary<StoredDocument> = fc.record({
  owner: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(OWNER_UID, "bob") },
    fc.constantFrom(undefined, null, "", 42),
    fc.jsonValue(),
  ),
  name: fc.jsonValue(),
  sessionId: sessionIdArb,
  sessionStatus: fc.oneof(
    fc.constantFrom(undefined, "creating", "ready", "failed"),
    fc.jsonValue(),
  ),
});
