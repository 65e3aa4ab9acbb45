import fc from "fast-check";
import {
  deleteField,
  serverTimestamp,
  Timestamp,
  type DocumentData,
} from "firebase/firestore";
import type {
  ChangeValue,
  FieldValue,
  Fields,
  PlainValue,
} from "./policy-model";
import {
  OTHER_UID,
  OWNER_UID,
  STORED_CREATED_AT,
  type Client,
} from "./rules-test-environment";

// Generators of client requests for the policy properties, and the
// conversion of the model's tagged values into Firestore SDK values.

/** Fields that the rules or the backend give a meaning. */
export const KNOWN_FIELDS = [
  "name",
  "owner",
  "createdAt",
  "sessionId",
  "sessionStatus",
  "sessionError",
  "sessionAttempts",
  "sessionClaimedAt",
  "sessionUpdatedAt",
] as const;

/** Fields that only the backend writes. */
export const SERVER_FIELDS = KNOWN_FIELDS.slice(3);

/** Converts a model value into the value that the Firestore SDK sends. */
export function toFirestoreValue(value: ChangeValue): unknown {
  switch (value.type) {
    case "string":
    case "number":
    case "boolean":
    case "map":
    case "array":
      return value.value;
    case "null":
      return null;
    case "timestamp":
      return Timestamp.fromMillis(value.millis);
    case "server-time":
      return serverTimestamp();
    case "delete":
      return deleteField();
  }
}

/** Converts model fields or changes into Firestore SDK data. */
export function toFirestoreData(
  fields: Record<string, ChangeValue>,
): DocumentData {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      toFirestoreValue(value),
    ]),
  );
}

/**
 * Converts stored fixture data into model fields.
 * @throws Error for a value type that the fixtures do not use.
 */
export function fromFirestoreData(data: DocumentData): Fields {
  const fields: Fields = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === "string") fields[key] = { type: "string", value };
    else if (typeof value === "number") fields[key] = { type: "number", value };
    else if (value instanceof Timestamp) {
      fields[key] = { type: "timestamp", millis: value.toMillis() };
    } else {
      throw new Error(`Field ${key} has a type the model does not convert.`);
    }
  }
  return fields;
}

/** A test client, signed-out users less often than the other two. */
export const clientArb: fc.Arbitrary<Client> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Client>("owner") },
  { weight: 2, arbitrary: fc.constant<Client>("other user") },
  { weight: 1, arbitrary: fc.constant<Client>("signed-out user") },
);

// One Unicode code point: ASCII with line breaks, letters and a combining
// mark from the Basic Multilingual Plane, emoji outside it, or any code
// point at all, NUL and noncharacters included.
const codePointArb = fc.oneof(
  fc.constantFrom("a", "Z", "0", " ", "-", "\n", "\r", "\t"),
  fc.constantFrom("é", "Ж", "日", "\u0301", "\u200d", "\ufffd"),
  fc.integer({ min: 0x1f300, max: 0x1faff }).map((codePoint) => {
    return String.fromCodePoint(codePoint);
  }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);

/**
 * A string of a generated number of code points, often exactly at the
 * name limits: 0, 1, 99, 100 or 101.
 */
export const nameStringArb: fc.Arbitrary<FieldValue> = fc
  .oneof(fc.constantFrom(0, 1, 99, 100, 101), fc.integer({ min: 0, max: 110 }))
  .chain((codePoints) =>
    fc.string({
      unit: codePointArb,
      minLength: codePoints,
      maxLength: codePoints,
    }),
  )
  .map((value) => ({ type: "string", value }));

const plainArb: fc.Arbitrary<PlainValue> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

// Firestore reserves field names of the form __…__ and rejects empty ones.
const mapKeyArb = fc
  .string({ unit: "binary", minLength: 1, maxLength: 6 })
  .filter((key) => !/^__.*__$/s.test(key));

/** A fixed past time, the createdAt of the stored fixtures. */
export const FIXED_TIMESTAMP: FieldValue = {
  type: "timestamp",
  millis: STORED_CREATED_AT.toMillis(),
};

/** A stored value of any type except the server time. */
export const storedValueArb: fc.Arbitrary<FieldValue> = fc.oneof(
  { weight: 3, arbitrary: nameStringArb },
  fc
    .oneof(fc.integer(), fc.double())
    .map((value): FieldValue => ({ type: "number", value })),
  fc.boolean().map((value): FieldValue => ({ type: "boolean", value })),
  fc.constant<FieldValue>({ type: "null" }),
  fc
    .dictionary(mapKeyArb, fc.oneof(plainArb, fc.array(plainArb)), {
      maxKeys: 3,
    })
    .map((value): FieldValue => ({ type: "map", value })),
  fc
    .array(plainArb, { maxLength: 4 })
    .map((value): FieldValue => ({ type: "array", value })),
  fc.oneof(
    fc.constant(FIXED_TIMESTAMP),
    fc
      .integer({ min: 0, max: Date.UTC(2100, 0, 1) })
      .map((millis): FieldValue => ({ type: "timestamp", millis })),
  ),
);

/** A value of any type a client can send, the server time included. */
export const valueArb: fc.Arbitrary<FieldValue> = fc.oneof(
  { weight: 6, arbitrary: storedValueArb },
  { weight: 1, arbitrary: fc.constant<FieldValue>({ type: "server-time" }) },
);

/** A top-level field name that neither the rules nor the backend use. */
export const extraFieldArb = fc
  .oneof(
    fc.constantFrom("featured", "ownerUid", "Name", "created_at"),
    fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,11}$/),
  )
  .filter((key) => !(KNOWN_FIELDS as readonly string[]).includes(key));

/** Extra fields, absent in most requests. */
export const extraFieldsArb: fc.Arbitrary<Fields> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.dictionary(extraFieldArb, valueArb, {
      minKeys: 1,
      maxKeys: 2,
    }),
  },
);

/** Generates an arbitrary's value or undefined, by weight. */
export function sometimes<T>(
  arbitrary: fc.Arbitrary<T>,
  presentWeight: number,
  absentWeight: number,
): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { weight: presentWeight, arbitrary },
    { weight: absentWeight, arbitrary: fc.constant(undefined) },
  );
}

/** One of the test uids or the empty string, as a string value. */
export const uidStringArb: fc.Arbitrary<FieldValue> = fc
  .constantFrom(OWNER_UID, OTHER_UID, "")
  .map((value) => ({ type: "string", value }));

/** Drops undefined entries, so that a field is either set or absent. */
export function presentFields<T>(
  entries: Record<string, T | undefined>,
): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}
