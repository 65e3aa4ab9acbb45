import { Firestore } from "firebase-admin/firestore";
import type { FirestoreCount } from "./results";

// Counts the Firestore RPCs that the Admin SDK sends, for every Firestore
// instance in this process. Every unary call goes through
// Firestore.prototype.request and every streaming call, document reads
// included, through Firestore.prototype.requestStream.
// NOTE: both are internal methods of @google-cloud/firestore 7.11, so the
// cost step first checks that one known read and one known write count as
// one each.

interface RpcRequest {
  documents?: unknown[];
  writes?: unknown[];
}

type RpcMethod = (
  this: unknown,
  methodName: string,
  ...rest: unknown[]
) => unknown;

interface FirestoreInternals {
  request: RpcMethod;
  requestStream: RpcMethod;
}

const counts: FirestoreCount = { reads: 0, writes: 0, rpcs: {} };
let installed = false;

function increment(key: string): void {
  counts.rpcs[key] = (counts.rpcs[key] ?? 0) + 1;
}

function countReads(methodName: string, request: unknown): void {
  increment(methodName);
  if (methodName === "batchGetDocuments") {
    counts.reads += (request as RpcRequest | undefined)?.documents?.length ?? 0;
  }
}

// A commit that fails, such as one that a transaction conflict aborts,
// writes nothing, so its writes count only once it succeeds.
function countCommit(
  methodName: string,
  request: unknown,
  result: unknown,
): unknown {
  increment(methodName);
  if (!(result instanceof Promise)) return result;
  return result.then(
    (value: unknown) => {
      if (methodName === "commit") {
        counts.writes +=
          (request as RpcRequest | undefined)?.writes?.length ?? 0;
      }
      return value;
    },
    (error: unknown) => {
      increment(`${methodName} (failed)`);
      throw error;
    },
  );
}

/**
 * Starts counting Firestore RPCs in this process. Reads are the documents
 * that BatchGetDocuments requests and writes are the writes of successful
 * Commit requests, the units that Firestore bills. Queries are counted as
 * RPCs only, because this backend makes none.
 */
export function installFirestoreCounter(): void {
  if (installed) return;
  installed = true;
  const prototype = Firestore.prototype as unknown as FirestoreInternals;
  const { request, requestStream } = prototype;
  // request(methodName, request, requestTag, retryCodes)
  prototype.request = function (this: unknown, methodName, ...rest) {
    return countCommit(
      methodName,
      rest[0],
      request.call(this, methodName, ...rest),
    );
  };
  // requestStream(methodName, bidirectional, request, requestTag)
  prototype.requestStream = function (this: unknown, methodName, ...rest) {
    countReads(methodName, rest[1]);
    return requestStream.call(this, methodName, ...rest);
  };
}

/** Returns a copy of the counts so far. */
export function firestoreCount(): FirestoreCount {
  return { ...counts, rpcs: { ...counts.rpcs } };
}

/** Returns what was counted between two snapshots of the counts. */
export function countSince(before: FirestoreCount): FirestoreCount {
  const now = firestoreCount();
  const rpcs: Record<string, number> = {};
  for (const [method, value] of Object.entries(now.rpcs)) {
    const delta = value - (before.rpcs[method] ?? 0);
    if (delta !== 0) rpcs[method] = delta;
  }
  return {
    reads: now.reads - before.reads,
    writes: now.writes - before.writes,
    rpcs,
  };
}
