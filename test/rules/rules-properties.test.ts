import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { expect } from "chai";
import fc from "fast-check";
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  setDoc,
  updateDoc,
} from "firebase/firestore";
import { propertyParameters } from "../support/property-parameters";
import {
  clientArb,
  extraFieldsArb,
  FIXED_TIMESTAMP,
  fromFirestoreData,
  KNOWN_FIELDS,
  nameStringArb,
  presentFields,
  SERVER_FIELDS,
  sometimes,
  storedValueArb,
  toFirestoreData,
  uidStringArb,
  valueArb,
} from "./policy-arbitraries";
import {
  isAllowed,
  uidOf,
  type ChangeValue,
  type FieldValue,
  type Fields,
  type Operation,
} from "./policy-model";
import {
  CLIENTS,
  OWNER_UID,
  storedBroadcast,
  useRulesTestEnvironment,
  type Client,
  type ClientFirestore,
  type SessionState,
} from "./rules-test-environment";

// Each property generates requests, gets the policy model's decision on
// each, and sends them to the Firestore emulator with the real rules.

/** One generated request and the document stored before it, if any. */
interface PolicyCase {
  client: Client;
  operation: Operation;
  stored: Fields | undefined;
}

// A field choice in a generated write: a new value, the stored value
// ("same"), or undefined to leave the field out.
type Choice = ChangeValue | "same" | undefined;

const LIMITS = { runTimeoutMs: 10_000, totalTimeoutMs: 60_000 };
const SERVER_TIME: FieldValue = { type: "server-time" };

/** Fields of a create request: often well formed, sometimes broken. */
const createFieldsArb = fc
  .record({
    name: sometimes(
      fc.oneof({ weight: 5, arbitrary: nameStringArb }, valueArb),
      8,
      1,
    ),
    owner: sometimes(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant("client uid" as const) },
        uidStringArb,
        valueArb,
      ),
      8,
      1,
    ),
    createdAt: sometimes(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(SERVER_TIME) },
        fc.constant(FIXED_TIMESTAMP),
        valueArb,
      ),
      8,
      1,
    ),
    server: fc.record(
      Object.fromEntries(
        SERVER_FIELDS.map((field) => [field, sometimes(valueArb, 1, 20)]),
      ),
    ),
    extra: extraFieldsArb,
  })
  .map(({ owner, server, extra, ...fields }) => (client: Client): Fields => {
    // A signed-out client has no uid, so it claims the owner's.
    const clientUid = uidOf(client) ?? OWNER_UID;
    return presentFields({
      ...fields,
      owner:
        owner === "client uid" ? { type: "string", value: clientUid } : owner,
      ...server,
      ...extra,
    });
  });

/** A create request by a signed-in user that only the name can break. */
const wellFormedCreateArb: fc.Arbitrary<PolicyCase> = fc
  .record({
    client: fc.constantFrom<Client>("owner", "other user"),
    name: nameStringArb,
  })
  .map(({ client, name }) => ({
    client,
    operation: {
      kind: "set",
      fields: {
        name,
        owner: { type: "string", value: uidOf(client) ?? OWNER_UID },
        createdAt: SERVER_TIME,
      },
    },
    stored: undefined,
  }));

/** A create request with any client and fields that may break any rule. */
const anyCreateArb: fc.Arbitrary<PolicyCase> = fc
  .record({ client: clientArb, fields: createFieldsArb })
  .map(({ client, fields }) => ({
    client,
    operation: { kind: "set", fields: fields(client) },
    stored: undefined,
  }));

const createCaseArb = fc.oneof(wellFormedCreateArb, {
  weight: 2,
  arbitrary: anyCreateArb,
});

/** A stored broadcast: a fixture in some session state, owner and name. */
const storedArb: fc.Arbitrary<Fields> = fc
  .record({
    state: fc.constantFrom<SessionState>("creating", "ready", "failed"),
    owner: fc.oneof(
      { weight: 8, arbitrary: fc.constant("keep" as const) },
      uidStringArb,
      storedValueArb,
      fc.constant(undefined),
    ),
    name: fc.oneof(
      { weight: 6, arbitrary: fc.constant("keep" as const) },
      nameStringArb,
    ),
  })
  .map(({ state, owner, name }) => {
    const fields = fromFirestoreData(storedBroadcast(state));
    if (owner === undefined) delete fields.owner;
    else if (owner !== "keep") fields.owner = owner;
    if (name !== "keep") fields.name = name;
    return fields;
  });

function choiceArb(weights: {
  value: number;
  same: number;
  remove: number;
  absent: number;
}): fc.Arbitrary<Choice> {
  return fc.oneof(
    { weight: weights.value, arbitrary: valueArb },
    { weight: weights.same, arbitrary: fc.constant("same" as const) },
    {
      weight: weights.remove,
      arbitrary: fc.constant<ChangeValue>({ type: "delete" }),
    },
    { weight: weights.absent, arbitrary: fc.constant(undefined) },
  );
}

/**
 * Choices for every known field. Fields other than name change rarely, so
 * that a fair share of requests is allowed.
 */
function fieldChoicesArb(kind: "update" | "set") {
  const name = fc.oneof(
    { weight: 4, arbitrary: nameStringArb },
    choiceArb(
      kind === "update"
        ? { value: 1, same: 1, remove: 1, absent: 3 }
        : { value: 1, same: 1, remove: 0, absent: 1 },
    ),
  );
  const other = choiceArb(
    kind === "update"
      ? { value: 1, same: 3, remove: 1, absent: 60 }
      : { value: 1, same: 60, remove: 0, absent: 1 },
  );
  const choices: Record<string, fc.Arbitrary<Choice>> = { name };
  for (const field of KNOWN_FIELDS.slice(1)) choices[field] = other;
  return fc.record({ choices: fc.record(choices), extra: extraFieldsArb });
}

function resolveChoices(
  stored: Fields,
  choices: Record<string, Choice>,
  extra: Fields,
): Record<string, ChangeValue> {
  const resolved = Object.fromEntries(
    Object.entries(choices).map(([field, choice]) => [
      field,
      choice === "same" ? stored[field] : choice,
    ]),
  );
  return { ...presentFields(resolved), ...extra };
}

const updateCaseArb: fc.Arbitrary<PolicyCase> = fc
  .record({
    client: fc.oneof(
      { weight: 3, arbitrary: fc.constant<Client>("owner") },
      clientArb,
    ),
    stored: storedArb,
    kind: fc.constantFrom<"update" | "set">("update", "update", "set"),
  })
  .chain(({ client, stored, kind }) =>
    fieldChoicesArb(kind).map(({ choices, extra }): PolicyCase => {
      const changes = resolveChoices(stored, choices, extra);
      // A full write gets no delete sentinel, because its remove weight is 0.
      const operation: Operation =
        kind === "update"
          ? { kind, changes }
          : { kind, fields: changes as Fields };
      return { client, operation, stored };
    }),
  );

const deleteCaseArb: fc.Arbitrary<PolicyCase> = fc
  .record({ client: clientArb, stored: sometimes(storedArb, 3, 1) })
  .map(({ client, stored }) => ({
    client,
    operation: { kind: "delete" },
    stored,
  }));

const readCaseArb: fc.Arbitrary<PolicyCase> = fc.record({
  client: clientArb,
  operation: fc.constantFrom<Operation>({ kind: "get" }, { kind: "list" }),
  stored: sometimes(storedArb, 1, 1),
});

const otherPathCaseArb: fc.Arbitrary<PolicyCase> = fc
  .record({
    client: clientArb,
    fields: createFieldsArb,
    write: fc.boolean(),
    stored: sometimes(storedArb, 1, 1),
  })
  .map(({ client, fields, write, stored }) => ({
    client,
    operation: write
      ? { kind: "set subcollection document", fields: fields(client) }
      : { kind: "get subcollection document" },
    stored,
  }));

function send(
  db: ClientFirestore,
  broadcastId: string,
  operation: Operation,
): Promise<unknown> {
  const ref = doc(db, "broadcasts", broadcastId);
  switch (operation.kind) {
    case "get":
      return getDoc(ref);
    case "list":
      return getDocs(query(collection(db, "broadcasts"), limit(5)));
    case "set":
      return setDoc(ref, toFirestoreData(operation.fields));
    case "update":
      return updateDoc(ref, toFirestoreData(operation.changes));
    case "delete":
      return deleteDoc(ref);
    case "set subcollection document":
      return setDoc(
        doc(ref, "comments", "comment-1"),
        toFirestoreData(operation.fields),
      );
    case "get subcollection document":
      return getDoc(doc(ref, "comments", "comment-1"));
  }
}

describe("broadcasts rules properties", function () {
  // A backstop above each property's own time limit, which covers shrinking.
  this.timeout(90_000);
  const rulesTest = useRulesTestEnvironment();
  const databases = new Map<Client, ClientFirestore>();
  let documentCount = 0;

  before(() => {
    for (const client of CLIENTS) {
      databases.set(client, rulesTest.firestore(client));
    }
  });

  /**
   * Runs one case against the emulator and checks that the rules decide as
   * the model does. Returns the model's decision.
   */
  async function checkCase(policyCase: PolicyCase): Promise<boolean> {
    const { client, operation, stored } = policyCase;
    documentCount += 1;
    const broadcastId = `property-${documentCount}`;
    if (stored !== undefined) {
      await rulesTest.seed(
        `broadcasts/${broadcastId}`,
        toFirestoreData(stored),
      );
    }

    const allowed = isAllowed(client, operation, stored);
    const request = send(databases.get(client)!, broadcastId, operation);
    if (allowed) {
      await assertSucceeds(request).catch((error: unknown) => {
        throw new Error(`The model allows this request: ${String(error)}`);
      });
    } else {
      await assertFails(request).catch((error: unknown) => {
        throw new Error(`The model denies this request: ${String(error)}`);
      });
    }
    return allowed;
  }

  /** Checks every generated case and counts the model's decisions. */
  async function checkAll(arbitrary: fc.Arbitrary<PolicyCase>, runs: number) {
    const decisions = { allowed: 0, denied: 0 };
    await fc.assert(
      fc.asyncProperty(arbitrary, async (policyCase) => {
        const allowed = await checkCase(policyCase);
        decisions[allowed ? "allowed" : "denied"] += 1;
      }),
      propertyParameters(runs, LIMITS),
    );
    return decisions;
  }

  it("create matches policy model", async () => {
    const decisions = await checkAll(createCaseArb, 100);

    expect(decisions.allowed).to.be.greaterThan(0);
    expect(decisions.denied).to.be.greaterThan(0);
  });

  it("update matches policy model", async () => {
    const decisions = await checkAll(updateCaseArb, 100);

    expect(decisions.allowed).to.be.greaterThan(0);
    expect(decisions.denied).to.be.greaterThan(0);
  });

  it("delete matches policy model", async () => {
    const decisions = await checkAll(deleteCaseArb, 40);

    expect(decisions.allowed).to.be.greaterThan(0);
    expect(decisions.denied).to.be.greaterThan(0);
  });

  it("reads match policy model", async () => {
    const decisions = await checkAll(readCaseArb, 30);

    expect(decisions.allowed).to.equal(30);
  });

  it("other paths match policy model", async () => {
    const decisions = await checkAll(otherPathCaseArb, 30);

    expect(decisions.denied).to.equal(30);
  });
});
