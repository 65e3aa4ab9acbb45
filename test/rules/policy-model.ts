import { OTHER_UID, OWNER_UID, type Client } from "./rules-test-environment";

// A reference model of the access policy that firestore.rules implements,
// written from the policy in the README rather than from the rules, so that
// the property tests can compare the two on generated requests.

/** A scalar inside a map or an array field. */
export type PlainValue = string | number | boolean | null;

/** A field value as a client sends it, tagged with its Firestore type. */
export type FieldValue =
  | { type: "string"; value: string }
  | { type: "number"; value: number }
  | { type: "boolean"; value: boolean }
  | { type: "null" }
  | { type: "map"; value: Record<string, PlainValue | PlainValue[]> }
  | { type: "array"; value: PlainValue[] }
  | { type: "timestamp"; millis: number }
  | { type: "server-time" };

/** A value in an updateDoc call: a field value or the deleteField sentinel. */
export type ChangeValue = FieldValue | { type: "delete" };

/** The fields of a document or of a full write. */
export type Fields = Record<string, FieldValue>;

/** A request on a broadcast or on a path under it. */
export type Operation =
  | { kind: "get" }
  | { kind: "list" }
  // setDoc without merge: a create when no document exists, else an update.
  | { kind: "set"; fields: Fields }
  // updateDoc: changes the named fields of an existing document.
  | { kind: "update"; changes: Record<string, ChangeValue> }
  | { kind: "delete" }
  | { kind: "set subcollection document"; fields: Fields }
  | { kind: "get subcollection document" };

const CREATE_FIELDS = ["name", "owner", "createdAt"];
const MAX_NAME_CODE_POINTS = 100;

/** Returns the uid of a test client, or undefined when it is signed out. */
export function uidOf(client: Client): string | undefined {
  switch (client) {
    case "owner":
      return OWNER_UID;
    case "other user":
      return OTHER_UID;
    case "signed-out user":
      return undefined;
  }
}

/** Tells whether a name has 1 to 100 Unicode code points. */
export function isValidName(value: FieldValue | undefined): boolean {
  if (value?.type !== "string") return false;
  const codePoints = [...value.value].length;
  return codePoints >= 1 && codePoints <= MAX_NAME_CODE_POINTS;
}

function equalPlain(
  a: PlainValue | PlainValue[],
  b: PlainValue | PlainValue[],
): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => item === b[index])
    );
  }
  return a === b;
}

/**
 * Compares two stored values the way a rules diff does. The server time of
 * a request never equals a stored value, because every stored timestamp in
 * these tests lies in the past.
 */
export function equalValues(a: FieldValue, b: FieldValue): boolean {
  switch (a.type) {
    case "string":
    case "number":
    case "boolean":
      return b.type === a.type && b.value === a.value;
    case "null":
      return b.type === "null";
    case "timestamp":
      return b.type === "timestamp" && b.millis === a.millis;
    case "server-time":
      return false;
    case "array":
      return b.type === "array" && equalPlain(a.value, b.value);
    case "map": {
      if (b.type !== "map") return false;
      const keys = Object.keys(a.value);
      return (
        keys.length === Object.keys(b.value).length &&
        keys.every(
          (key) => key in b.value && equalPlain(a.value[key], b.value[key]),
        )
      );
    }
  }
}

/** Returns the fields a document has after updateDoc applies the changes. */
export function applyChanges(
  existing: Fields,
  changes: Record<string, ChangeValue>,
): Fields {
  const result: Fields = { ...existing };
  for (const [key, change] of Object.entries(changes)) {
    if (change.type === "delete") delete result[key];
    else result[key] = change;
  }
  return result;
}

/** Returns the names of fields that differ between two documents. */
export function changedFields(before: Fields, after: Fields): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => {
    const old = before[key];
    const next = after[key];
    if (old === undefined || next === undefined) return old !== next;
    return !equalValues(old, next);
  });
}

function ownsDocument(uid: string | undefined, existing: Fields): boolean {
  const owner = existing.owner;
  return uid !== undefined && owner?.type === "string" && owner.value === uid;
}

function mayCreate(uid: string | undefined, fields: Fields): boolean {
  const keys = Object.keys(fields);
  const owner = fields.owner;
  return (
    uid !== undefined &&
    keys.length === CREATE_FIELDS.length &&
    CREATE_FIELDS.every((key) => keys.includes(key)) &&
    owner?.type === "string" &&
    owner.value === uid &&
    fields.createdAt?.type === "server-time" &&
    isValidName(fields.name)
  );
}

function mayUpdate(
  uid: string | undefined,
  existing: Fields,
  next: Fields,
): boolean {
  return (
    ownsDocument(uid, existing) &&
    changedFields(existing, next).every((key) => key === "name") &&
    isValidName(next.name)
  );
}

/**
 * Decides whether the policy allows a client's request on a broadcast.
 * `existing` is the stored document, or undefined when there is none.
 * @throws Error for updateDoc on a missing document, which Firestore
 * rejects as not found before the rules run.
 */
export function isAllowed(
  client: Client,
  operation: Operation,
  existing: Fields | undefined,
): boolean {
  const uid = uidOf(client);
  switch (operation.kind) {
    case "get":
    case "list":
      return true;
    case "set":
      return existing === undefined
        ? mayCreate(uid, operation.fields)
        : mayUpdate(uid, existing, operation.fields);
    case "update":
      if (existing === undefined) {
        throw new Error("updateDoc needs an existing document.");
      }
      return mayUpdate(
        uid,
        existing,
        applyChanges(existing, operation.changes),
      );
    case "delete":
      return existing !== undefined && ownsDocument(uid, existing);
    case "set subcollection document":
    case "get subcollection document":
      return false;
  }
}
