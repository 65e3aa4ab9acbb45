import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { expect } from "chai";
import {
  deleteField,
  doc,
  getDoc,
  serverTimestamp,
  setDoc,
  Timestamp,
  updateDoc,
  type DocumentData,
} from "firebase/firestore";
import {
  BROADCAST_ID,
  newBroadcast,
  OTHER_UID,
  OWNER_UID,
  STORED_CREATED_AT,
  STORED_SESSION_ID,
  storedBroadcast,
  useRulesTestEnvironment,
  type Client,
  type SessionState,
} from "./rules-test-environment";

interface RejectedUpdate {
  title: string;
  state: SessionState;
  changes: DocumentData;
}

const FORGED_SESSION_ID = "1_MX4xMjM0NTZ-forged";

// Changes that the owner sends with updateDoc to a broadcast in the given
// session state. Each one either touches a field other than name or leaves
// an invalid name.
const REJECTED_OWNER_UPDATES: RejectedUpdate[] = [
  { title: "changed owner", state: "ready", changes: { owner: OTHER_UID } },
  {
    title: "deleted owner",
    state: "ready",
    changes: { owner: deleteField() },
  },
  {
    title: "changed createdAt",
    state: "ready",
    changes: { createdAt: Timestamp.now() },
  },
  {
    title: "createdAt set to request time",
    state: "ready",
    changes: { createdAt: serverTimestamp() },
  },
  {
    title: "changed sessionId",
    state: "ready",
    changes: { sessionId: FORGED_SESSION_ID },
  },
  {
    title: "deleted sessionId",
    state: "ready",
    changes: { sessionId: deleteField() },
  },
  {
    title: "sessionId while creating",
    state: "creating",
    changes: { sessionId: FORGED_SESSION_ID },
  },
  {
    title: "sessionId after failure",
    state: "failed",
    changes: { sessionId: FORGED_SESSION_ID, sessionStatus: "ready" },
  },
  {
    title: "changed sessionStatus",
    state: "creating",
    changes: { sessionStatus: "ready" },
  },
  {
    title: "changed sessionError",
    state: "failed",
    changes: { sessionError: "rejected" },
  },
  {
    title: "deleted sessionError",
    state: "failed",
    changes: { sessionError: deleteField() },
  },
  {
    title: "changed sessionAttempts",
    state: "failed",
    changes: { sessionAttempts: 0 },
  },
  {
    title: "changed sessionUpdatedAt",
    state: "ready",
    changes: { sessionUpdatedAt: Timestamp.now() },
  },
  {
    title: "deleted sessionClaimedAt",
    state: "creating",
    changes: { sessionClaimedAt: deleteField() },
  },
  {
    title: "added sessionClaimedAt",
    state: "ready",
    changes: { sessionClaimedAt: Timestamp.now() },
  },
  { title: "added field", state: "ready", changes: { featured: true } },
  {
    title: "rename and changed sessionId",
    state: "ready",
    changes: { name: "Evening show", sessionId: FORGED_SESSION_ID },
  },
  { title: "empty name", state: "ready", changes: { name: "" } },
  {
    title: "101-character name",
    state: "ready",
    changes: { name: "a".repeat(101) },
  },
  {
    title: "101-emoji name",
    state: "ready",
    changes: { name: "🎥".repeat(101) },
  },
  { title: "number name", state: "ready", changes: { name: 42 } },
  {
    title: "deleted name",
    state: "ready",
    changes: { name: deleteField() },
  },
];

const SESSION_STATES: SessionState[] = ["creating", "ready", "failed"];
const OTHER_CLIENTS: Client[] = ["other user", "signed-out user"];

describe("broadcasts update rules", () => {
  const rulesTest = useRulesTestEnvironment();

  function broadcastRef(client: Client) {
    return doc(rulesTest.firestore(client), "broadcasts", BROADCAST_ID);
  }

  for (const state of SESSION_STATES) {
    it(`rename by owner while ${state} succeeds`, async () => {
      await rulesTest.seedBroadcast(state);
      const ref = broadcastRef("owner");

      await assertSucceeds(updateDoc(ref, { name: "Evening show" }));

      const snapshot = await getDoc(ref);
      expect(snapshot.get("name")).to.equal("Evening show");
      expect(snapshot.get("sessionStatus")).to.equal(state);
    });
  }

  it("rename keeps sessionId", async () => {
    await rulesTest.seedBroadcast();
    const ref = broadcastRef("owner");

    await assertSucceeds(updateDoc(ref, { name: "Evening show" }));

    const snapshot = await getDoc(ref);
    expect(snapshot.get("sessionId")).to.equal(STORED_SESSION_ID);
  });

  it("rename to 100-emoji name succeeds", async () => {
    await rulesTest.seedBroadcast();

    await assertSucceeds(
      updateDoc(broadcastRef("owner"), { name: "🎥".repeat(100) }),
    );
  });

  it("rename resending same owner succeeds", async () => {
    await rulesTest.seedBroadcast();

    await assertSucceeds(
      updateDoc(broadcastRef("owner"), {
        name: "Evening show",
        owner: OWNER_UID,
      }),
    );
  });

  it("overwrite keeping other fields succeeds", async () => {
    await rulesTest.seedBroadcast();

    await assertSucceeds(
      setDoc(
        broadcastRef("owner"),
        storedBroadcast("ready", { name: "Evening show" }),
      ),
    );
  });

  it("overwrite dropping session fields fails", async () => {
    await rulesTest.seedBroadcast();

    await assertFails(
      setDoc(
        broadcastRef("owner"),
        newBroadcast({ createdAt: STORED_CREATED_AT }),
      ),
    );
  });

  for (const client of OTHER_CLIENTS) {
    it(`rename by ${client} fails`, async () => {
      await rulesTest.seedBroadcast();

      await assertFails(
        updateDoc(broadcastRef(client), { name: "Evening show" }),
      );
    });

    it(`ownership claim by ${client} fails`, async () => {
      await rulesTest.seedBroadcast();

      await assertFails(updateDoc(broadcastRef(client), { owner: OTHER_UID }));
    });

    it(`overwrite by ${client} fails`, async () => {
      await rulesTest.seedBroadcast();

      await assertFails(
        setDoc(
          broadcastRef(client),
          storedBroadcast("ready", { name: "Evening show" }),
        ),
      );
    });
  }

  for (const { title, state, changes } of REJECTED_OWNER_UPDATES) {
    it(`update with ${title} fails`, async () => {
      await rulesTest.seedBroadcast(state);

      await assertFails(updateDoc(broadcastRef("owner"), changes));
    });
  }
});
