import { initializeApp } from "firebase-admin/app";
import { FieldValue, Firestore, getFirestore } from "firebase-admin/firestore";
import functionsTest from "firebase-functions-test";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import {
  countSince,
  firestoreCount,
  installFirestoreCounter,
} from "./firestore-counter";
import type { CostResult, CostRow, FirestoreCount } from "./results";
import { median } from "./stats";
import { Callable, measureInProcess } from "./in-process-load";

// The cost step, which the emulator phase starts in a process of its own.
// It runs the exported functions here with firebase-functions-test against
// the Firestore emulator. Around each operation it counts the Firestore RPCs
// they send and reads the stand-in's call counter. Its project has no
// trigger in the Functions emulator, so every delivery of the trigger's
// event is one made here.

const BROADCASTS = 20;
const CONCURRENT_PAIRS = 10;
const TOKEN_CALLS = 50;

interface Sample {
  firestore: FirestoreCount;
  openTok: number;
}

type FunctionsModule = typeof import("../../functions/src/index.js");

type Trigger = (event: { params: { broadcastId: string } }) => Promise<void>;

const standInUrl = process.env.OPENTOK_API_URL ?? "";

async function openTokCalls(): Promise<number> {
  const response = await fetch(`${standInUrl}/_dev/stats`, {
    signal: AbortSignal.timeout(10_000),
  });
  return ((await response.json()) as { total: number }).total;
}

async function measure(operation: () => Promise<unknown>): Promise<Sample> {
  const firestoreBefore = firestoreCount();
  const openTokBefore = await openTokCalls();
  await operation();
  return {
    firestore: countSince(firestoreBefore),
    openTok: (await openTokCalls()) - openTokBefore,
  };
}

function toRow(operation: string, samples: Sample[]): CostRow {
  const mean = (values: number[]) =>
    values.reduce((sum, value) => sum + value, 0) / values.length;
  const reads = samples.map((sample) => sample.firestore.reads);
  const writes = samples.map((sample) => sample.firestore.writes);
  const openTok = samples.map((sample) => sample.openTok);
  const rpcs: Record<string, number> = {};
  for (const sample of samples) {
    for (const [method, count] of Object.entries(sample.firestore.rpcs)) {
      rpcs[method] = (rpcs[method] ?? 0) + count / samples.length;
    }
  }
  return {
    operation,
    repetitions: samples.length,
    readsMean: mean(reads),
    readsMax: Math.max(...reads),
    writesMean: mean(writes),
    writesMax: Math.max(...writes),
    openTokMean: mean(openTok),
    openTokMax: Math.max(...openTok),
    rpcs,
  };
}

// A known read and write must count as one each. Otherwise the counter
// misses the SDK's traffic and every other count would be wrong.
async function checkCounter(db: Firestore): Promise<void> {
  const ref = db.collection("bench-counter-check").doc();
  const written = await measure(() => ref.set({ checked: true }));
  const read = await measure(() => ref.get());
  if (written.firestore.writes !== 1 || read.firestore.reads !== 1) {
    throw new Error(
      `The Firestore RPC counter saw ${written.firestore.writes} writes for one set() and ${read.firestore.reads} reads for one get(); it no longer matches the installed @google-cloud/firestore.`,
    );
  }
}

function createBroadcast(db: Firestore, owner: string) {
  return db.collection("broadcasts").add({
    name: "Cost broadcast",
    owner,
    createdAt: FieldValue.serverTimestamp(),
  });
}

// Nothing but this process may run the trigger for the cost project.
async function checkIsolation(db: Firestore): Promise<boolean> {
  const callsBefore = await openTokCalls();
  const ref = await createBroadcast(db, "isolation-check");
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const data = (await ref.get()).data();
  return (
    data?.sessionStatus === undefined && (await openTokCalls()) === callsBefore
  );
}

async function measureTrigger(db: Firestore, deliver: Trigger) {
  const creates: Sample[] = [];
  const first: Sample[] = [];
  const repeated: Sample[] = [];
  const concurrent: Sample[] = [];

  for (let i = 0; i < BROADCASTS; i++) {
    let broadcastId = "";
    creates.push(
      await measure(async () => {
        broadcastId = (await createBroadcast(db, "owner-uid")).id;
      }),
    );
    first.push(await measure(() => deliver({ params: { broadcastId } })));
    repeated.push(await measure(() => deliver({ params: { broadcastId } })));
  }
  for (let i = 0; i < CONCURRENT_PAIRS; i++) {
    const broadcastId = (await createBroadcast(db, "owner-uid")).id;
    concurrent.push(
      await measure(() =>
        Promise.all([
          deliver({ params: { broadcastId } }),
          deliver({ params: { broadcastId } }),
        ]),
      ),
    );
  }
  return { creates, first, repeated, concurrent };
}

async function measureTokenCalls(call: Callable, broadcastId: string) {
  const samples: Sample[] = [];
  const durations: number[] = [];
  for (let i = 0; i < TOKEN_CALLS; i++) {
    const uid = i % 2 === 0 ? "owner-uid" : `viewer-${i}`;
    let duration = 0;
    samples.push(
      await measure(async () => {
        const start = performance.now();
        const result = (await call({
          data: { broadcastId },
          auth: { uid, token: {} },
        })) as { token?: unknown };
        duration = performance.now() - start;
        if (typeof result.token !== "string") {
          throw new Error("getBroadcastToken returned no token.");
        }
      }),
    );
    durations.push(duration);
  }
  return { samples, durations };
}

// Times a plain document read from this process, which the in-process
// token call contains once.
async function timeDocumentReads(db: Firestore, broadcastId: string) {
  const ref = db.collection("broadcasts").doc(broadcastId);
  const durations: number[] = [];
  for (let i = 0; i < TOKEN_CALLS; i++) {
    const start = performance.now();
    await ref.get();
    durations.push(performance.now() - start);
  }
  return median(durations);
}

async function main(): Promise<void> {
  const [resultFile, functionsEntry] = process.argv.slice(2);
  if (!resultFile || !functionsEntry) {
    throw new Error("Usage: cost-phase.js <result file> <functions entry>");
  }
  installFirestoreCounter();
  initializeApp();
  const db = getFirestore();
  await checkCounter(db);
  const isolated = await checkIsolation(db);
  if (!isolated) {
    throw new Error(
      "A trigger outside this process handled a broadcast of the cost project, so its counts would be mixed up.",
    );
  }

  // Without a project, firebase-functions-test sets a placeholder one.
  const fft = functionsTest({ projectId: process.env.GCLOUD_PROJECT });
  const functions = (await import(
    pathToFileURL(functionsEntry).href
  )) as FunctionsModule;
  const deliver = fft.wrap(functions.createBroadcastSession) as Trigger;
  const call = fft.wrap(functions.getBroadcastToken) as unknown as Callable;

  const seed = await createBroadcast(db, "owner-uid");
  await deliver({ params: { broadcastId: seed.id } });
  const tokens = await measureTokenCalls(call, seed.id);
  const trigger = await measureTrigger(db, deliver);
  const documentReadMs = await timeDocumentReads(db, seed.id);
  const inProcess = await measureInProcess(call, seed.id);
  fft.cleanup();

  const result: CostResult = {
    rows: [
      toRow("getBroadcastToken call", tokens.samples),
      toRow("broadcast created by a client", trigger.creates),
      toRow("trigger, first delivery", trigger.first),
      toRow("trigger, repeated delivery", trigger.repeated),
      toRow("trigger, two concurrent deliveries", trigger.concurrent),
    ],
    tokenCallMs: median(tokens.durations.slice(1)),
    documentReadMs,
    inProcess,
    isolated,
  };
  writeFileSync(resultFile, JSON.stringify(result, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `[bench] cost step failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
