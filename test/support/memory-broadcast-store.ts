import type {
  BroadcastRecord,
  BroadcastStore,
  ClaimOutcome,
  ListedBroadcast,
  SessionErrorCode,
  WriteOutcome,
} from "../../functions/src/broadcast";

/** A stored broadcast: the record fields plus the server bookkeeping. */
export interface StoredBroadcast extends BroadcastRecord {
  sessionClaimedAtMs?: number;
  sessionAttempts?: number;
}

/**
 * In-memory BroadcastStore with the same state checks as the Firestore
 * store, for unit tests. It counts reads and writes.
 */
export class MemoryBroadcastStore implements BroadcastStore {
  readonly documents = new Map<string, StoredBroadcast>();
  reads = 0;
  writes = 0;

  put(broadcastId: string, fields: Partial<StoredBroadcast>): void {
    this.documents.set(broadcastId, {
      owner: undefined,
      name: undefined,
      sessionId: undefined,
      sessionStatus: undefined,
      sessionError: undefined,
      ...fields,
    });
  }

  get(broadcastId: string): Promise<BroadcastRecord | undefined> {
    this.reads++;
    const document = this.documents.get(broadcastId);
    return Promise.resolve(document && { ...document });
  }

  listUnfinished(
    limit: number,
    maxAttempts: number,
  ): Promise<ListedBroadcast[]> {
    const listed: ListedBroadcast[] = [];
    for (const [broadcastId, document] of this.documents) {
      if (listed.length >= limit) break;
      const unfinished =
        document.sessionStatus === "failed" ||
        document.sessionStatus === "creating";
      if (unfinished && (document.sessionAttempts ?? 0) < maxAttempts) {
        this.reads++;
        listed.push({
          broadcastId,
          record: { ...document },
          sessionAttempts: document.sessionAttempts ?? 0,
        });
      }
    }
    return Promise.resolve(listed);
  }

  claimSessionCreation(
    broadcastId: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<ClaimOutcome> {
    this.reads++;
    const document = this.documents.get(broadcastId);
    if (!document) return Promise.resolve("missing");
    if (typeof document.sessionId === "string" && document.sessionId !== "") {
      return Promise.resolve("has-session");
    }
    if (
      document.sessionStatus === "creating" &&
      document.sessionClaimedAtMs !== undefined &&
      nowMs - document.sessionClaimedAtMs < leaseMs
    ) {
      return Promise.resolve("in-progress");
    }
    this.writes++;
    document.sessionStatus = "creating";
    document.sessionClaimedAtMs = nowMs;
    document.sessionError = undefined;
    return Promise.resolve("claimed");
  }

  attachSession(
    broadcastId: string,
    sessionId: string,
    attempts: number,
  ): Promise<WriteOutcome> {
    return this.writeUnlessAttached(broadcastId, attempts, (document) => {
      document.sessionId = sessionId;
      document.sessionStatus = "ready";
      document.sessionError = undefined;
    });
  }

  recordFailure(
    broadcastId: string,
    errorCode: SessionErrorCode,
    attempts: number,
  ): Promise<WriteOutcome> {
    return this.writeUnlessAttached(broadcastId, attempts, (document) => {
      document.sessionStatus = "failed";
      document.sessionError = errorCode;
    });
  }

  private writeUnlessAttached(
    broadcastId: string,
    attempts: number,
    change: (document: StoredBroadcast) => void,
  ): Promise<WriteOutcome> {
    this.reads++;
    const document = this.documents.get(broadcastId);
    if (!document) return Promise.resolve("missing");
    if (typeof document.sessionId === "string" && document.sessionId !== "") {
      return Promise.resolve("has-session");
    }
    this.writes++;
    change(document);
    document.sessionClaimedAtMs = undefined;
    document.sessionAttempts = (document.sessionAttempts ?? 0) + attempts;
    return Promise.resolve("written");
  }
}
