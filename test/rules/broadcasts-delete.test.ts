import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { expect } from "chai";
import { deleteDoc, doc, getDoc } from "firebase/firestore";
import {
  BROADCAST_ID,
  useRulesTestEnvironment,
  type Client,
} from "./rules-test-environment";

const OTHER_CLIENTS: Client[] = ["other user", "signed-out user"];

describe("broadcasts delete rules", () => {
  const rulesTest = useRulesTestEnvironment();

  it("delete by owner succeeds", async () => {
    await rulesTest.seedBroadcast();
    const ref = doc(rulesTest.firestore("owner"), "broadcasts", BROADCAST_ID);

    await assertSucceeds(deleteDoc(ref));

    const snapshot = await getDoc(ref);
    expect(snapshot.exists()).to.equal(false);
  });

  for (const client of OTHER_CLIENTS) {
    it(`delete by ${client} fails`, async () => {
      await rulesTest.seedBroadcast();
      const db = rulesTest.firestore(client);

      await assertFails(deleteDoc(doc(db, "broadcasts", BROADCAST_ID)));
    });
  }

  it("delete of missing broadcast fails", async () => {
    const db = rulesTest.firestore("owner");

    await assertFails(deleteDoc(doc(db, "broadcasts", "missing")));
  });
});
