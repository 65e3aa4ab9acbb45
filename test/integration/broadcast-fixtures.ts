import { FieldValue } from "firebase-admin/firestore";
import { adminFirestore } from "./admin";
import { waitFor } from "./stand-in";

/** Creates a broadcast as a client would and returns its ID. */
export async function createBroadcast(
  owner: string,
  name = "Show",
): Promise<string> {
  const ref = await adminFirestore()
    .collection("broadcasts")
    .add({ name, owner, createdAt: FieldValue.serverTimestamp() });
  return ref.id;
}

/** Reads a broadcast's fields, or undefined when it does not exist. */
export async function readBroadcast(
  broadcastId: string,
): Promise<Record<string, unknown> | undefined> {
  const snapshot = await adminFirestore()
    .doc(`broadcasts/${broadcastId}`)
    .get();
  return snapshot.data();
}

/** Waits for the trigger to attach a session and returns its ID. */
export function waitForSessionId(broadcastId: string): Promise<string> {
  return waitFor(`a sessionId on ${broadcastId}`, async () => {
    const sessionId = (await readBroadcast(broadcastId))?.sessionId;
    return typeof sessionId === "string" ? sessionId : undefined;
  });
}

/** Waits for the trigger to give the broadcast a final session status. */
export function waitForSessionStatus(
  broadcastId: string,
  status: "ready" | "failed",
): Promise<Record<string, unknown>> {
  return waitFor(`sessionStatus ${status} on ${broadcastId}`, async () => {
    const data = await readBroadcast(broadcastId);
    return data?.sessionStatus === status ? data : undefined;
  });
}
