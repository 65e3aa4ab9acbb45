import { assertFails } from "@firebase/rules-unit-testing";
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  setDoc,
} from "firebase/firestore";
import {
  BROADCAST_ID,
  CLIENTS,
  OWNER_UID,
  useRulesTestEnvironment,
} from "./rules-test-environment";

// A collection the rules never mention and a subcollection of a broadcast,
// which the broadcasts/{broadcastId} rule does not cover.
const DENIED_COLLECTIONS = [
  { label: "users", collectionPath: "users" },
  {
    label: "broadcast subcollection",
    collectionPath: `broadcasts/${BROADCAST_ID}/messages`,
  },
];

describe("other paths rules", () => {
  const rulesTest = useRulesTestEnvironment();

  beforeEach(async () => {
    await rulesTest.seedBroadcast();
    for (const { collectionPath } of DENIED_COLLECTIONS) {
      await rulesTest.seed(`${collectionPath}/doc-1`, { owner: OWNER_UID });
    }
  });

  for (const { label, collectionPath } of DENIED_COLLECTIONS) {
    for (const client of CLIENTS) {
      it(`get in ${label} by ${client} fails`, async () => {
        const db = rulesTest.firestore(client);

        await assertFails(getDoc(doc(db, collectionPath, "doc-1")));
      });

      it(`list of ${label} by ${client} fails`, async () => {
        const db = rulesTest.firestore(client);

        await assertFails(getDocs(collection(db, collectionPath)));
      });

      it(`create in ${label} by ${client} fails`, async () => {
        const db = rulesTest.firestore(client);

        await assertFails(
          setDoc(doc(db, collectionPath, "doc-2"), { owner: OWNER_UID }),
        );
      });

      it(`update in ${label} by ${client} fails`, async () => {
        const db = rulesTest.firestore(client);

        await assertFails(
          setDoc(doc(db, collectionPath, "doc-1"), { owner: OWNER_UID }),
        );
      });

      it(`delete in ${label} by ${client} fails`, async () => {
        const db = rulesTest.firestore(client);

        await assertFails(deleteDoc(doc(db, collectionPath, "doc-1")));
      });
    }
  }
});
