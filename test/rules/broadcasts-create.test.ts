import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { expect } from "chai";
import {
  doc,
  getDoc,
  setDoc,
  Timestamp,
  type DocumentData,
} from "firebase/firestore";
import {
  BROADCAST_ID,
  newBroadcast,
  OTHER_UID,
  OWNER_UID,
  useRulesTestEnvironment,
  type Client,
} from "./rules-test-environment";

/** Returns a copy of data without one field. */
function withoutField(data: DocumentData, field: string): DocumentData {
  const copy = { ...data };
  delete copy[field];
  return copy;
}

/** Counts Unicode code points, the unit of the rules' name length limit. */
function codePointCount(text: string): number {
  return [...text].length;
}

// 100 code points with accented Latin, Cyrillic and CJK letters and an emoji
// outside the Basic Multilingual Plane. Its UTF-16 length is 101, so a limit
// that counted UTF-16 code units would reject it.
const UNICODE_NAME_PREFIX = "Zoë 🎥 Прямой эфир 日本 ";
const UNICODE_NAME_100 =
  UNICODE_NAME_PREFIX + "é".repeat(100 - codePointCount(UNICODE_NAME_PREFIX));
const EMOJI_NAME_100 = "🎥".repeat(100);

interface RejectedCreate {
  title: string;
  client: Client;
  data: DocumentData;
}

const REJECTED_CREATES: RejectedCreate[] = [
  {
    title: "by signed-out user",
    client: "signed-out user",
    data: newBroadcast(),
  },
  { title: "for another uid", client: "other user", data: newBroadcast() },
  {
    title: "with missing owner",
    client: "owner",
    data: withoutField(newBroadcast(), "owner"),
  },
  {
    title: "with null owner",
    client: "owner",
    data: newBroadcast({ owner: null }),
  },
  {
    title: "with forged sessionId",
    client: "owner",
    data: newBroadcast({ sessionId: "1_MX4xMjM0NTZ-forged" }),
  },
  {
    title: "with forged sessionStatus",
    client: "owner",
    data: newBroadcast({ sessionStatus: "ready" }),
  },
  {
    title: "with forged sessionError",
    client: "owner",
    data: newBroadcast({ sessionError: "none" }),
  },
  {
    title: "with forged sessionAttempts",
    client: "owner",
    data: newBroadcast({ sessionAttempts: 0 }),
  },
  {
    title: "with forged sessionUpdatedAt",
    client: "owner",
    data: newBroadcast({ sessionUpdatedAt: Timestamp.now() }),
  },
  {
    title: "with forged sessionClaimedAt",
    client: "owner",
    data: newBroadcast({ sessionClaimedAt: Timestamp.now() }),
  },
  {
    title: "with extra field",
    client: "owner",
    data: newBroadcast({ featured: true }),
  },
  {
    title: "with missing createdAt",
    client: "owner",
    data: withoutField(newBroadcast(), "createdAt"),
  },
  {
    title: "with client clock createdAt",
    client: "owner",
    data: newBroadcast({ createdAt: Timestamp.now() }),
  },
  {
    title: "with past createdAt",
    client: "owner",
    data: newBroadcast({
      createdAt: Timestamp.fromDate(new Date("2020-01-01T00:00:00Z")),
    }),
  },
  {
    title: "with string createdAt",
    client: "owner",
    data: newBroadcast({ createdAt: "2026-01-01T00:00:00Z" }),
  },
  {
    title: "with missing name",
    client: "owner",
    data: withoutField(newBroadcast(), "name"),
  },
  {
    title: "with empty name",
    client: "owner",
    data: newBroadcast({ name: "" }),
  },
  {
    title: "with 101-character ASCII name",
    client: "owner",
    data: newBroadcast({ name: "a".repeat(101) }),
  },
  {
    title: "with 101-character Unicode name",
    client: "owner",
    data: newBroadcast({ name: UNICODE_NAME_100 + "😀" }),
  },
  {
    title: "with 101-emoji name",
    client: "owner",
    data: newBroadcast({ name: EMOJI_NAME_100 + "🎥" }),
  },
  {
    title: "with number name",
    client: "owner",
    data: newBroadcast({ name: 42 }),
  },
  {
    title: "with null name",
    client: "owner",
    data: newBroadcast({ name: null }),
  },
  {
    title: "with array name",
    client: "owner",
    data: newBroadcast({ name: ["Morning show"] }),
  },
];

describe("broadcasts create rules", () => {
  const rulesTest = useRulesTestEnvironment();

  it("create by owner succeeds", async () => {
    const db = rulesTest.firestore("owner");
    const ref = doc(db, "broadcasts", BROADCAST_ID);

    await assertSucceeds(setDoc(ref, newBroadcast()));

    const snapshot = await getDoc(ref);
    expect(snapshot.get("owner")).to.equal(OWNER_UID);
    expect(snapshot.get("createdAt")).to.be.instanceOf(Timestamp);
  });

  it("create by other user for self succeeds", async () => {
    const db = rulesTest.firestore("other user");

    await assertSucceeds(
      setDoc(
        doc(db, "broadcasts", BROADCAST_ID),
        newBroadcast({ owner: OTHER_UID }),
      ),
    );
  });

  it("create with 1-character name succeeds", async () => {
    const db = rulesTest.firestore("owner");

    await assertSucceeds(
      setDoc(doc(db, "broadcasts", BROADCAST_ID), newBroadcast({ name: "A" })),
    );
  });

  it("create with 100-character ASCII name succeeds", async () => {
    const db = rulesTest.firestore("owner");
    const name = "a".repeat(100);

    await assertSucceeds(
      setDoc(doc(db, "broadcasts", BROADCAST_ID), newBroadcast({ name })),
    );
  });

  it("create with 100-character Unicode name succeeds", async () => {
    const db = rulesTest.firestore("owner");
    expect(codePointCount(UNICODE_NAME_100)).to.equal(100);
    expect(UNICODE_NAME_100.length).to.be.greaterThan(100);

    await assertSucceeds(
      setDoc(
        doc(db, "broadcasts", BROADCAST_ID),
        newBroadcast({ name: UNICODE_NAME_100 }),
      ),
    );
  });

  it("create with 100-emoji name succeeds", async () => {
    const db = rulesTest.firestore("owner");
    expect(codePointCount(EMOJI_NAME_100)).to.equal(100);

    await assertSucceeds(
      setDoc(
        doc(db, "broadcasts", BROADCAST_ID),
        newBroadcast({ name: EMOJI_NAME_100 }),
      ),
    );
  });

  it("create with multiline name succeeds", async () => {
    const db = rulesTest.firestore("owner");

    await assertSucceeds(
      setDoc(
        doc(db, "broadcasts", BROADCAST_ID),
        newBroadcast({ name: "Morning\nshow" }),
      ),
    );
  });

  for (const { title, client, data } of REJECTED_CREATES) {
    it(`create ${title} fails`, async () => {
      const db = rulesTest.firestore(client);

      await assertFails(setDoc(doc(db, "broadcasts", BROADCAST_ID), data));
    });
  }
});
