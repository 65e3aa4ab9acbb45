import { initializeApp, getApps } from "firebase-admin/app";
import {
  DocumentReference,
  FieldValue,
  Firestore,
  Timestamp,
  getFirestore,
} from "firebase-admin/firestore";
import {
  BROADCASTS_COLLECTION,
  BroadcastRecord,
  BroadcastStore,
  ClaimOutcome,
  ListedBroadcast,
  SessionErrorCode,
  WriteOutcome,
  attachedSessionId,
} from "./broadcast";

function toRecord(data: Record<string, unknown>): BroadcastRecord {
  return {
    owner: data.owner,
    name: data.name,
    sessionId: data.sessionId,
    sessionStatus: data.sessionStatus,
    sessionError: data.sessionError,
  };
}

function claimIsLive(
  data: Record<string, unknown>,
  nowMs: number,
  leaseMs: number,
): boolean {
  const claimedAt = data.sessionClaimedAt;
  return (
    data.sessionStatus === "creating" &&
    claimedAt instanceof Timestamp &&
    nowMs - claimedAt.toMillis() < leaseMs
  );
}

/** Broadcast storage in Cloud Firestore through the Admin SDK. */
export class FirestoreBroadcastStore implements BroadcastStore {
  constructor(private readonly db: Firestore) {}

  private ref(broadcastId: string): DocumentReference {
    return this.db.collection(BROADCASTS_COLLECTION).doc(broadcastId);
  }

  async get(broadcastId: string): Promise<BroadcastRecord | undefined> {
    const snapshot = await this.ref(broadcastId).get();
    const data = snapshot.data();
    return data === undefined ? undefined : toRecord(data);
  }

  async listUnfinished(
    limit: number,
    maxAttempts: number,
  ): Promise<ListedBroadcast[]> {
    // Uses the composite index on (sessionStatus, sessionAttempts) declared
    // in firestore.indexes.json.
    const snapshot = await this.db
      .collection(BROADCASTS_COLLECTION)
      .where("sessionStatus", "in", ["failed", "creating"])
      .where("sessionAttempts", "<", maxAttempts)
      .limit(limit)
      .get();
    return snapshot.docs.map((document) => {
      const data = document.data();
      const attempts: unknown = data.sessionAttempts;
      return {
        broadcastId: document.id,
        record: toRecord(data),
        sessionAttempts: typeof attempts === "number" ? attempts : 0,
      };
    });
  }

  claimSessionCreation(
    broadcastId: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<ClaimOutcome> {
    const ref = this.ref(broadcastId);
    return this.db.runTransaction(async (transaction) => {
      const data = (await transaction.get(ref)).data();
      if (data === undefined) return "missing";
      if (attachedSessionId(toRecord(data))) return "has-session";
      if (claimIsLive(data, nowMs, leaseMs)) return "in-progress";

      transaction.update(ref, {
        sessionStatus: "creating",
        sessionClaimedAt: Timestamp.fromMillis(nowMs),
        // Adding 0 creates the field, so that the sweep's query finds the
        // broadcast even when this run stops before its first write.
        sessionAttempts: FieldValue.increment(0),
        sessionError: FieldValue.delete(),
        sessionUpdatedAt: FieldValue.serverTimestamp(),
      });
      return "claimed";
    });
  }

  attachSession(
    broadcastId: string,
    sessionId: string,
    attempts: number,
  ): Promise<WriteOutcome> {
    return this.writeUnlessAttached(broadcastId, {
      sessionId,
      sessionStatus: "ready",
      sessionAttempts: FieldValue.increment(attempts),
      sessionError: FieldValue.delete(),
      sessionClaimedAt: FieldValue.delete(),
      sessionUpdatedAt: FieldValue.serverTimestamp(),
    });
  }

  recordFailure(
    broadcastId: string,
    errorCode: SessionErrorCode,
    attempts: number,
  ): Promise<WriteOutcome> {
    return this.writeUnlessAttached(broadcastId, {
      sessionStatus: "failed",
      sessionError: errorCode,
      sessionAttempts: FieldValue.increment(attempts),
      sessionClaimedAt: FieldValue.delete(),
      sessionUpdatedAt: FieldValue.serverTimestamp(),
    });
  }

  private writeUnlessAttached(
    broadcastId: string,
    fields: Record<string, unknown>,
  ): Promise<WriteOutcome> {
    const ref = this.ref(broadcastId);
    return this.db.runTransaction(async (transaction) => {
      const data = (await transaction.get(ref)).data();
      if (data === undefined) return "missing";
      if (attachedSessionId(toRecord(data))) return "has-session";

      transaction.update(ref, fields);
      return "written";
    });
  }
}

/** Creates the store on the default Admin SDK app, initializing it once. */
export function createFirestoreBroadcastStore(): FirestoreBroadcastStore {
  // firebase-functions creates a named app of its own for event data, so
  // only the default app counts here.
  const hasDefaultApp = getApps().some((app) => app.name === "[DEFAULT]");
  if (!hasDefaultApp) initializeApp();
  return new FirestoreBroadcastStore(getFirestore());
}
