import { assertSucceeds } from "@firebase/rules-unit-testing";
import { expect } from "chai";
import {
  collection,
  doc,
  getDoc,
  getDocs,
  query,
  where,
} from "firebase/firestore";
import {
  BROADCAST_ID,
  CLIENTS,
  OWNER_UID,
  useRulesTestEnvironment,
} from "./rules-test-environment";

describe("broadcasts read rules", () => {
  const rulesTest = useRulesTestEnvironment();

  for (const client of CLIENTS) {
    it(`get by ${client} succeeds`, async () => {
      await rulesTest.seedBroadcast();
      const db = rulesTest.firestore(client);

      const snapshot = await assertSucceeds(
        getDoc(doc(db, "broadcasts", BROADCAST_ID)),
      );

      expect(snapshot.exists()).to.equal(true);
      expect(snapshot.get("sessionId")).to.be.a("string");
    });

    it(`list by ${client} succeeds`, async () => {
      await rulesTest.seedBroadcast();
      const db = rulesTest.firestore(client);

      const snapshot = await assertSucceeds(
        getDocs(collection(db, "broadcasts")),
      );

      expect(snapshot.size).to.equal(1);
    });

    it(`filtered list by ${client} succeeds`, async () => {
      await rulesTest.seedBroadcast();
      const db = rulesTest.firestore(client);
      const byOwner = query(
        collection(db, "broadcasts"),
        where("owner", "==", OWNER_UID),
      );

      const snapshot = await assertSucceeds(getDocs(byOwner));

      expect(snapshot.size).to.equal(1);
    });
  }

  it("get of missing broadcast succeeds", async () => {
    const db = rulesTest.firestore("signed-out user");

    const snapshot = await assertSucceeds(
      getDoc(doc(db, "broadcasts", "missing")),
    );

    expect(snapshot.exists()).to.equal(false);
  });
});
