import { expect } from "chai";
import fc from "fast-check";
import functionsTest from "firebase-functions-test";
import { getApp } from "firebase-admin/app";
import { CallableRequest, HttpsError } from "firebase-functions/v2/https";
import { parseBroadcastId } from "../../functions/src/validation";
import {
  broadcastIdArb,
  isValidDocumentId,
} from "../support/document-id-arbitraries";
import { propertyParameters } from "../support/property-parameters";
import { adminFirestore } from "./admin";
import { loadFunctionsInProcess, projectId } from "./emulator-env";

// The exported getBroadcastToken, run in this process with
// firebase-functions-test, so that its Admin SDK reads the Firestore
// emulator with Firestore's own document ID rules.

const fft = functionsTest();
const LIMITS = { runTimeoutMs: 10_000, totalTimeoutMs: 60_000 };

/** A collection without a trigger, for storing documents under any ID. */
const PROBE_COLLECTION = "documentIdProbes";

type Callable = (
  request: Partial<CallableRequest<unknown>>,
) => Promise<unknown>;

async function loadCallable(): Promise<Callable> {
  const { getBroadcastToken } = await loadFunctionsInProcess();
  const wrapped = fft.wrap(getBroadcastToken);
  return (request) => wrapped(request as CallableRequest);
}

async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpsError) return error.code;
    throw error;
  }
  throw new Error("Expected the call to fail, but it returned a result.");
}

function isAccepted(broadcastId: string): boolean {
  try {
    parseBroadcastId({ broadcastId });
    return true;
  } catch {
    return false;
  }
}

describe("getBroadcastToken document ID properties", function () {
  // A backstop above each property's own time limit, which covers shrinking.
  this.timeout(90_000);
  let call: Callable;

  before(async () => {
    // When no default Admin SDK app exists, the function's store creates
    // one from firebase-functions-test's offline project "not-a-project".
    // Creating it here first keeps this file and later ones on the test
    // project.
    adminFirestore();
    call = await loadCallable();
  });

  after(() => fft.cleanup());

  it("any broadcastId is rejected or not found", async () => {
    // No broadcast exists under a generated ID, because the other tests
    // create theirs with Firestore's 20-character automatic IDs.
    const check = async (broadcastId: string) => {
      const code = await errorCodeOf(
        call({
          data: { broadcastId },
          auth: { uid: "id-prober", token: {} as never, rawToken: "unused" },
        }),
      );

      expect(["invalid-argument", "not-found"]).to.include(code);
      expect(code).to.equal(
        isValidDocumentId(broadcastId) ? "not-found" : "invalid-argument",
      );
    };

    expect(getApp().options.projectId).to.equal(projectId);
    await fc.assert(
      fc.asyncProperty(broadcastIdArb, check),
      propertyParameters(200, LIMITS),
    );
  });

  it("accepted broadcastId is storable", async () => {
    const probes = adminFirestore().collection(PROBE_COLLECTION);
    const check = async (broadcastId: string) => {
      const ref = probes.doc(broadcastId);
      await ref.set({ probe: true });
      const snapshot = await ref.get();
      await ref.delete();

      expect(snapshot.exists).to.equal(true);
      expect(snapshot.id).to.equal(broadcastId);
    };

    await fc.assert(
      fc.asyncProperty(broadcastIdArb.filter(isAccepted), check),
      propertyParameters(100, LIMITS),
    );
  });
});
