import { initializeApp } from "firebase-admin/app";
import { FieldValue, Firestore, getFirestore } from "firebase-admin/firestore";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { readEnvFile } from "../env-file";
import { DevServer, startOpenTokDevServer } from "../opentok-dev-server";
import { measureFirstCall } from "./cold-start";
import { repositoryRoot } from "./machine";
import { workerMemory } from "./process-cpu";
import type { CostResult, EmulatorPhaseResult } from "./results";
import { measureSessionLatency, measureStandIn } from "./session-latency";
import { BenchUser, measureTokenLatency } from "./token-latency";

// The part of `npm run bench` that needs the emulators: `firebase
// emulators:exec` with firebase.bench.json runs this script once they are
// up, and stops them when it exits. Progress lines start with [bench].

const BASELINE_FUNCTION = "benchBaseline";
const USERS = 10;
const BURST_SIZE = 100;
const SEQUENTIAL_BROADCASTS = 20;
const FIRST_CALL_RUNS = 5;
const COST_STEP_TIMEOUT_MS = 120_000;

function log(line: string): void {
  console.log(`[bench] ${line}`);
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set; start this script through \`npm run bench\`, which starts the emulators.`,
    );
  }
  return value;
}

function functionsPort(snapshotDir: string): number {
  const config = JSON.parse(
    readFileSync(path.join(snapshotDir, "firebase.bench.json"), "utf8"),
  ) as { emulators: { functions: { port: number } } };
  return config.emulators.functions.port;
}

async function signUp(authHost: string): Promise<BenchUser> {
  const response = await fetch(
    `http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-api-key`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ returnSecureToken: true }),
      signal: AbortSignal.timeout(10_000),
    },
  );
  if (!response.ok) {
    throw new Error(`Auth emulator sign-up failed with ${response.status}.`);
  }
  const body = (await response.json()) as { localId: string; idToken: string };
  return { uid: body.localId, idToken: body.idToken };
}

async function createReadyBroadcast(
  db: Firestore,
  owner: string,
): Promise<{ broadcastId: string; sessionId: string }> {
  const ref = await db.collection("broadcasts").add({
    name: "Token benchmark",
    owner,
    createdAt: FieldValue.serverTimestamp(),
  });
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const sessionId = (await ref.get()).data()?.sessionId as unknown;
    if (typeof sessionId === "string") {
      return { broadcastId: ref.id, sessionId };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Broadcast ${ref.id} got no sessionId within 60 s.`);
}

function runCostStep(
  env: NodeJS.ProcessEnv,
  snapshotDir: string,
): Promise<CostResult> {
  const resultFile = path.join(repositoryRoot, ".cache/bench/cost.json");
  const functionsEntry = path.join(snapshotDir, "lib/functions/src/index.js");
  const child = spawn(
    process.execPath,
    [path.join(__dirname, "cost-phase.js"), resultFile, functionsEntry],
    { env, stdio: ["ignore", "ignore", "inherit"] },
  );
  const timer = setTimeout(() => child.kill("SIGTERM"), COST_STEP_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`The cost step exited with ${code ?? signal}.`));
        return;
      }
      resolve(JSON.parse(readFileSync(resultFile, "utf8")) as CostResult);
    });
  });
}

async function measureAll(
  standIn: DevServer,
  credentials: { apiKey: string; apiSecret: string },
  costEnv: NodeJS.ProcessEnv,
  firstCallEnv: NodeJS.ProcessEnv,
  snapshotDir: string,
): Promise<Omit<EmulatorPhaseResult, "durationMs">> {
  const projectId = requiredEnv("GCLOUD_PROJECT");
  const authHost = requiredEnv("FIREBASE_AUTH_EMULATOR_HOST");
  requiredEnv("FIRESTORE_EMULATOR_HOST");
  initializeApp({ projectId });
  const db = getFirestore();

  const users: BenchUser[] = [];
  for (let i = 0; i < USERS; i++) users.push(await signUp(authHost));
  const owner = users[0];
  const { broadcastId, sessionId } = await createReadyBroadcast(db, owner.uid);
  log(`broadcast ${broadcastId} is ready; measuring token latency`);

  const tokenLatency = await measureTokenLatency({
    functionsUrl: `http://127.0.0.1:${functionsPort(snapshotDir)}/${projectId}/us-central1`,
    baselineName: BASELINE_FUNCTION,
    users,
    ownerUid: owner.uid,
    broadcastId,
    sessionId,
    log,
  });

  const sessionSteps = [
    {
      label: "one at a time",
      mode: "one at a time",
      count: SEQUENTIAL_BROADCASTS,
    },
    { label: "first burst", mode: "burst", count: BURST_SIZE },
    { label: "second burst", mode: "burst", count: BURST_SIZE },
  ] as const;
  const sessionBursts = [];
  for (const step of sessionSteps) {
    const measured = await measureSessionLatency(
      db,
      standIn,
      step.label,
      step.mode,
      step.count,
      owner.uid,
    );
    log(
      `sessions, ${step.label}: p50 ${measured.latency.p50.toFixed(0)} ms, ${measured.errors} errors, ${measured.openTokCalls} OpenTok calls`,
    );
    sessionBursts.push(measured);
  }

  const standInTimings = [
    await measureStandIn(standIn, credentials, "one at a time", 50, 1),
    await measureStandIn(standIn, credentials, "burst", BURST_SIZE, BURST_SIZE),
  ];
  log("measuring Firestore and OpenTok calls per operation");
  const cost = await runCostStep(costEnv, snapshotDir);
  log("measuring the first call in fresh processes");
  const firstCall = await measureFirstCall(
    [
      {
        label: BASELINE_FUNCTION,
        entry: path.join(snapshotDir, "lib/tools/bench/baseline/index.js"),
        exportName: BASELINE_FUNCTION,
        data: {},
        uid: users[1].uid,
      },
      {
        label: "getBroadcastToken",
        entry: path.join(snapshotDir, "lib/functions/src/index.js"),
        exportName: "getBroadcastToken",
        data: { broadcastId },
        uid: users[1].uid,
      },
    ],
    FIRST_CALL_RUNS,
    firstCallEnv,
  );
  const workers = workerMemory();
  log(`${workers.count} emulator workers use ${workers.rssMiB} MiB`);

  return {
    tokenLatency,
    sessionBursts,
    standIn: standInTimings,
    cost,
    firstCall,
    workerProcesses: workers.count,
    workerRssMiB: workers.rssMiB,
  };
}

async function main(): Promise<void> {
  const [resultFile, snapshotDir] = process.argv.slice(2);
  if (!resultFile || !snapshotDir) {
    throw new Error("Usage: emulator-phase.js <result file> <snapshot folder>");
  }
  const started = performance.now();
  const projectId = requiredEnv("GCLOUD_PROJECT");
  const params = readEnvFile(path.join(snapshotDir, `.env.${projectId}`));
  const secrets = readEnvFile(path.join(snapshotDir, ".secret.local"));
  const credentials = {
    apiKey: params.OPENTOK_API_KEY,
    apiSecret: secrets.OPENTOK_API_SECRET,
  };
  const standIn = await startOpenTokDevServer({
    port: Number(new URL(params.OPENTOK_API_URL).port),
    credentials: { mode: "opentok", ...credentials },
  });

  // The cost and first call steps run the functions outside the Functions
  // emulator, where parameters and secrets come from the environment. The
  // cost step uses a project for which the emulator has no trigger.
  const firstCallEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...params,
    ...secrets,
  };
  const costProject = `${projectId}-cost`;
  const costEnv: NodeJS.ProcessEnv = {
    ...firstCallEnv,
    GCLOUD_PROJECT: costProject,
    FIREBASE_CONFIG: JSON.stringify({ projectId: costProject }),
  };

  try {
    const measured = await measureAll(
      standIn,
      credentials,
      costEnv,
      firstCallEnv,
      snapshotDir,
    );
    const result: EmulatorPhaseResult = {
      ...measured,
      durationMs: performance.now() - started,
    };
    writeFileSync(resultFile, JSON.stringify(result, null, 2));
  } finally {
    await standIn.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `[bench] emulator phase failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
