import { expect } from "chai";
import { FirebaseApp, deleteApp, initializeApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInAnonymously } from "firebase/auth";
import {
  Firestore,
  addDoc,
  collection,
  connectFirestoreEmulator,
  deleteDoc,
  doc,
  getFirestore,
  serverTimestamp,
  setLogLevel,
  updateDoc,
} from "firebase/firestore";
import {
  FunctionsError,
  connectFunctionsEmulator,
  getFunctions,
  httpsCallable,
} from "firebase/functions";
import { decodeClientToken } from "./client-tokens";
import { waitForSessionId } from "./broadcast-fixtures";
import {
  authEmulatorHost,
  firestoreEmulatorHost,
  functionsEmulatorOrigin,
  projectId,
} from "./emulator-env";

// The same flow as a web app runs it with the Firebase JS SDK (modular API).

interface TokenResult {
  token: string;
  sessionId: string;
  apiKey: string;
  role: string;
  expireTime: number;
}

interface WebClient {
  app: FirebaseApp;
  db: Firestore;
  uid: string;
  getBroadcastToken: (data: unknown) => Promise<{ data: TokenResult }>;
}

async function webClient(name: string, signIn = true): Promise<WebClient> {
  const app = initializeApp({ projectId, apiKey: "demo-api-key" }, name);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${authEmulatorHost}`, {
    disableWarnings: true,
  });
  const db = getFirestore(app);
  const [host, port] = firestoreEmulatorHost.split(":");
  connectFirestoreEmulator(db, host, Number(port));
  const functions = getFunctions(app);
  const functionsUrl = new URL(functionsEmulatorOrigin);
  connectFunctionsEmulator(
    functions,
    functionsUrl.hostname,
    Number(functionsUrl.port),
  );

  const uid = signIn ? (await signInAnonymously(auth)).user.uid : "";
  const callable = httpsCallable<unknown, TokenResult>(
    functions,
    "getBroadcastToken",
  );
  return { app, db, uid, getBroadcastToken: (data) => callable(data) };
}

async function functionsErrorOf(
  promise: Promise<unknown>,
): Promise<FunctionsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(FunctionsError);
    return error as FunctionsError;
  }
  throw new Error("expected the call to fail");
}

describe("web client (Firebase JS SDK)", () => {
  let owner: WebClient;
  let viewer: WebClient;
  let signedOut: WebClient;
  let broadcastId: string;
  let sessionId: string;

  before(async () => {
    // Expected permission errors would otherwise be printed as warnings.
    setLogLevel("error");
    owner = await webClient("owner");
    viewer = await webClient("viewer");
    signedOut = await webClient("signed-out", false);
    const created = await addDoc(collection(owner.db, "broadcasts"), {
      name: "Web show",
      owner: owner.uid,
      createdAt: serverTimestamp(),
    });
    broadcastId = created.id;
    sessionId = await waitForSessionId(broadcastId);
  });

  after(async () => {
    await Promise.all(
      [owner, viewer, signedOut].map((client) => deleteApp(client.app)),
    );
  });

  it("gives the owner a publisher token", async () => {
    const { data } = await owner.getBroadcastToken({ broadcastId });
    const claims = decodeClientToken(data.token);
    expect(data.role).to.equal("publisher");
    expect(data.sessionId).to.equal(sessionId);
    expect(claims.role).to.equal("publisher");
    expect(JSON.parse(claims.connection_data)).to.deep.equal({
      uid: owner.uid,
    });
  });

  it("gives a viewer a subscriber token", async () => {
    const { data } = await viewer.getBroadcastToken({ broadcastId });
    const claims = decodeClientToken(data.token);
    expect(data.role).to.equal("subscriber");
    expect(claims.role).to.equal("subscriber");
    expect(JSON.parse(claims.connection_data)).to.deep.equal({
      uid: viewer.uid,
    });
  });

  it("rejects a signed-out caller", async () => {
    const error = await functionsErrorOf(
      signedOut.getBroadcastToken({ broadcastId }),
    );
    expect(error.code).to.equal("functions/unauthenticated");
  });

  it("rejects a malformed broadcastId", async () => {
    const error = await functionsErrorOf(
      viewer.getBroadcastToken({ broadcastId: 12 }),
    );
    expect(error.code).to.equal("functions/invalid-argument");
  });

  it("reports an unknown broadcast", async () => {
    const error = await functionsErrorOf(
      viewer.getBroadcastToken({ broadcastId: "missing-broadcast" }),
    );
    expect(error.code).to.equal("functions/not-found");
  });

  it("lets a viewer not rename", async () => {
    const attempt = updateDoc(doc(viewer.db, "broadcasts", broadcastId), {
      name: "Taken over",
    });
    const error = (await attempt.then(
      () => undefined,
      (reason: unknown) => reason,
    )) as { code?: string } | undefined;
    expect(error?.code).to.equal("permission-denied");
  });

  it("lets the owner not forge a sessionId", async () => {
    const attempt = updateDoc(doc(owner.db, "broadcasts", broadcastId), {
      sessionId: "1_forged",
    });
    const error = (await attempt.then(
      () => undefined,
      (reason: unknown) => reason,
    )) as { code?: string } | undefined;
    expect(error?.code).to.equal("permission-denied");
  });

  it("lets the owner delete it", async () => {
    await deleteDoc(doc(owner.db, "broadcasts", broadcastId));
    const error = await functionsErrorOf(
      owner.getBroadcastToken({ broadcastId }),
    );
    expect(error.code).to.equal("functions/not-found");
  });
});
