import {
  DocumentReference,
  FieldValue,
  Firestore,
} from "firebase-admin/firestore";
import OpenTok from "opentok";
import { performance } from "node:perf_hooks";
import type { DevServer } from "../opentok-dev-server";
import { loadAverage } from "./machine";
import type { SessionBurstResult, StandInTiming } from "./results";
import { summarize } from "./stats";

const SESSION_DEADLINE_MS = 90_000;

interface BurstWatch {
  visibleAt: Map<string, number>;
  failed: Set<string>;
  stop: () => void;
  ready: Promise<void>;
}

// One listener on the whole collection, the way a client listens for its
// broadcasts, records when each document first shows a sessionId.
function watchBroadcasts(db: Firestore): BurstWatch {
  const visibleAt = new Map<string, number>();
  const failed = new Set<string>();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const stop = db.collection("broadcasts").onSnapshot(
    (snapshot) => {
      const now = performance.now();
      for (const change of snapshot.docChanges()) {
        const data = change.doc.data();
        const id = change.doc.id;
        if (typeof data.sessionId === "string" && !visibleAt.has(id)) {
          visibleAt.set(id, now);
        } else if (data.sessionStatus === "failed") {
          failed.add(id);
        }
      }
      markReady();
    },
    (error) => {
      console.error(`[bench] broadcast listener failed: ${error.message}`);
    },
  );
  return { visibleAt, failed, stop, ready };
}

async function waitUntil(done: () => boolean, deadline: number): Promise<void> {
  while (!done() && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function createBroadcast(
  ref: DocumentReference,
  sentAt: Map<string, number>,
  ownerUid: string,
): Promise<unknown> {
  sentAt.set(ref.id, performance.now());
  return ref.create({
    name: "Bench broadcast",
    owner: ownerUid,
    createdAt: FieldValue.serverTimestamp(),
  });
}

/** Order in which a session latency step creates its broadcasts. */
export type CreationMode = "burst" | "one at a time";

/**
 * Creates `count` broadcasts, as clients would, either all at once or each
 * after the previous one got its session, and measures for each the time
 * from sending its create to a listener seeing its `sessionId`. The
 * stand-in's call counter gives the OpenTok calls made.
 * @throws Error when no broadcast got a session before the deadline.
 */
export async function measureSessionLatency(
  db: Firestore,
  standIn: DevServer,
  label: string,
  mode: CreationMode,
  count: number,
  ownerUid: string,
): Promise<SessionBurstResult> {
  const loadAtStart = loadAverage();
  const watch = watchBroadcasts(db);
  await watch.ready;
  const callsBefore = standIn.stats().total;
  const sentAt = new Map<string, number>();
  const refs = Array.from({ length: count }, () =>
    db.collection("broadcasts").doc(),
  );
  const isSettled = (ref: DocumentReference) =>
    watch.visibleAt.has(ref.id) || watch.failed.has(ref.id);
  const deadline = performance.now() + SESSION_DEADLINE_MS;

  if (mode === "burst") {
    await Promise.all(
      refs.map((ref) => createBroadcast(ref, sentAt, ownerUid)),
    );
    await waitUntil(() => refs.every(isSettled), deadline);
  } else {
    for (const ref of refs) {
      await createBroadcast(ref, sentAt, ownerUid);
      await waitUntil(() => isSettled(ref), deadline);
    }
  }
  watch.stop();

  const latencies: number[] = [];
  let lastVisible = 0;
  for (const ref of refs) {
    const visible = watch.visibleAt.get(ref.id);
    const sent = sentAt.get(ref.id);
    if (visible !== undefined && sent !== undefined) {
      latencies.push(visible - sent);
      lastVisible = Math.max(lastVisible, visible);
    }
  }
  if (latencies.length === 0) {
    throw new Error(
      `No broadcast of the step "${label}" got a sessionId within ${SESSION_DEADLINE_MS} ms; see .cache/bench/emulators.log.`,
    );
  }
  const firstSent = Math.min(...sentAt.values());
  return {
    label,
    mode,
    broadcasts: count,
    latency: summarize(latencies),
    totalMs: lastVisible - firstSent,
    errors: count - latencies.length,
    openTokCalls: standIn.stats().total - callsBefore,
    loadAtStart,
  };
}

function createSession(client: OpenTok): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    client.createSession({ mediaMode: "routed" }, (error, session) =>
      error ? reject(error) : resolve(session?.sessionId),
    );
  });
}

/**
 * Times `createSession` calls made straight to the stand-in with the
 * opentok SDK, `concurrency` at a time, which is the stand-in's own
 * response time plus the SDK's client work.
 */
export async function measureStandIn(
  standIn: DevServer,
  credentials: { apiKey: string; apiSecret: string },
  label: string,
  calls: number,
  concurrency: number,
): Promise<StandInTiming> {
  const client = new OpenTok(credentials.apiKey, credentials.apiSecret, {
    apiUrl: standIn.url,
  });
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const loop = async () => {
    while (issued < calls) {
      issued += 1;
      const start = performance.now();
      try {
        const sessionId = await createSession(client);
        if (!sessionId) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { label, concurrency, latency: summarize(latencies), errors };
}
