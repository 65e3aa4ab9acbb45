import { FirebaseApp, deleteApp, initializeApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInAnonymously } from "firebase/auth";
import {
  addDoc,
  collection,
  connectFirestoreEmulator,
  doc,
  getFirestore,
  onSnapshot,
  serverTimestamp,
} from "firebase/firestore";
import {
  connectFunctionsEmulator,
  getFunctions,
  httpsCallable,
} from "firebase/functions";

// Acts as two web clients against a running `npm start`: the owner creates
// a broadcast, then the owner and a viewer each request a token.

// With --vonage it talks to `npm start -- --vonage` instead.
const projectId = process.argv.includes("--vonage")
  ? "demo-broadcasts-vonage"
  : "demo-broadcasts";
const sessionWaitMs = 20_000;

interface TokenResult {
  token: string;
  sessionId: string;
  apiKey: string;
  role: string;
  expireTime: number;
}

async function signedInClient(name: string) {
  const app = initializeApp({ projectId, apiKey: "demo-api-key" }, name);
  const auth = getAuth(app);
  connectAuthEmulator(auth, "http://127.0.0.1:9099", { disableWarnings: true });
  const db = getFirestore(app);
  connectFirestoreEmulator(db, "127.0.0.1", 8080);
  const functions = getFunctions(app);
  connectFunctionsEmulator(functions, "127.0.0.1", 5001);

  const { user } = await signInAnonymously(auth);
  const getBroadcastToken = httpsCallable<{ broadcastId: string }, TokenResult>(
    functions,
    "getBroadcastToken",
  );
  return { app, db, uid: user.uid, getBroadcastToken };
}

function waitForSessionId(
  client: Awaited<ReturnType<typeof signedInClient>>,
  broadcastId: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`No sessionId after ${sessionWaitMs} ms.`));
    }, sessionWaitMs);
    const unsubscribe = onSnapshot(
      doc(client.db, "broadcasts", broadcastId),
      (snapshot) => {
        const data = snapshot.data();
        if (data?.sessionStatus === "failed") {
          clearTimeout(timer);
          unsubscribe();
          reject(new Error(`Session creation failed: ${data.sessionError}`));
        } else if (typeof data?.sessionId === "string") {
          clearTimeout(timer);
          unsubscribe();
          resolve(data.sessionId);
        }
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function main(): Promise<void> {
  const owner = await signedInClient("owner");
  const viewer = await signedInClient("viewer");
  const apps: FirebaseApp[] = [owner.app, viewer.app];

  try {
    const created = await addDoc(collection(owner.db, "broadcasts"), {
      name: "Demo broadcast",
      owner: owner.uid,
      createdAt: serverTimestamp(),
    });
    console.log(`Owner ${owner.uid} created broadcast ${created.id}.`);

    const sessionId = await waitForSessionId(owner, created.id);
    console.log(`The backend attached session ${sessionId}.`);

    for (const [label, client] of [
      ["Owner", owner],
      ["Viewer", viewer],
    ] as const) {
      const { data } = await client.getBroadcastToken({
        broadcastId: created.id,
      });
      const expires = new Date(data.expireTime * 1000).toISOString();
      console.log(
        `${label} ${client.uid} got role ${data.role} (API key ${data.apiKey}, token expires ${expires}).`,
      );
    }
  } finally {
    await Promise.all(apps.map((app) => deleteApp(app)));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `Demo failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    console.error(
      "Is `npm start` running in another terminal, in the same mode? Both take -- --vonage for Vonage credentials.",
    );
    process.exit(1);
  },
);
