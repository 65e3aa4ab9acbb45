import { CallSpec, LoadOutcome, runCallableLoad } from "./callable-load";
import { performance } from "node:perf_hooks";
import { loadAverage } from "./machine";
import { CpuByGroup, cpuByGroup, cpuPerCall } from "./process-cpu";
import type { CallableLatency, TokenLatencyResult } from "./results";
import { summarize } from "./stats";

/** A signed-in user of the Auth emulator. */
export interface BenchUser {
  uid: string;
  idToken: string;
}

/** Addresses of the two callables and the broadcast that token calls request. */
export interface TokenLatencySetup {
  /** Base URL of the functions, such as http://127.0.0.1:5201/<project>/us-central1. */
  functionsUrl: string;
  baselineName: string;
  users: BenchUser[];
  ownerUid: string;
  broadcastId: string;
  sessionId: string;
  log: (line: string) => void;
}

/** Calls per function and round, and rounds, for each concurrency. */
const PLAN = [
  { concurrency: 1, rounds: 4, callsPerRound: 75, maxMsPerRound: 15_000 },
  { concurrency: 50, rounds: 4, callsPerRound: 300, maxMsPerRound: 20_000 },
];
const CALL_TIMEOUT_MS = 30_000;

/**
 * Calls per function that warm the emulator up. It runs each request in a
 * worker process of its own and starts a new worker whenever all are busy.
 * These calls start the workers that the measurement then reuses.
 */
const WARM_UP_PASSES = 3;
const WARM_UP = {
  concurrency: 50,
  calls: 200,
  maxMs: 90_000,
  callTimeoutMs: 60_000,
};

function baselineCall(user: BenchUser): CallSpec {
  return {
    idToken: user.idToken,
    data: {},
    check: (result) => (result.ok === true ? undefined : "wrong result"),
  };
}

function tokenCall(setup: TokenLatencySetup, user: BenchUser): CallSpec {
  const expectedRole = user.uid === setup.ownerUid ? "publisher" : "subscriber";
  return {
    idToken: user.idToken,
    data: { broadcastId: setup.broadcastId },
    check: (result) => {
      if (typeof result.token !== "string" || result.token === "") {
        return "no token";
      }
      if (result.sessionId !== setup.sessionId) return "wrong sessionId";
      return result.role === expectedRole ? undefined : "wrong role";
    },
  };
}

function merge(outcomes: LoadOutcome[]): LoadOutcome {
  const merged: LoadOutcome = {
    latenciesMs: [],
    errors: 0,
    errorKinds: {},
    wallMs: 0,
  };
  for (const outcome of outcomes) {
    merged.latenciesMs.push(...outcome.latenciesMs);
    merged.errors += outcome.errors;
    merged.wallMs += outcome.wallMs;
    for (const [kind, count] of Object.entries(outcome.errorKinds)) {
      merged.errorKinds[kind] = (merged.errorKinds[kind] ?? 0) + count;
    }
  }
  return merged;
}

function toLatency(
  name: string,
  concurrency: number,
  outcome: LoadOutcome,
  cpu: CpuByGroup,
): CallableLatency {
  return {
    function: name,
    concurrency,
    latency: summarize(outcome.latenciesMs),
    errors: outcome.errors,
    errorKinds: outcome.errorKinds,
    callsPerSecond: (outcome.latenciesMs.length * 1000) / outcome.wallMs,
    cpuMsPerCall: cpuPerCall(zeroCpu(), cpu, outcome.latenciesMs.length),
  };
}

function zeroCpu(): CpuByGroup {
  return {
    "firestore-emulator": 0,
    "function-workers": 0,
    "emulator-main": 0,
    "bench-client": 0,
  };
}

// Adds the CPU time of a block of calls, less what the emulator processes
// use when idle over the same time, such as the timers of the idle workers.
function addCpu(
  total: CpuByGroup,
  before: CpuByGroup,
  after: CpuByGroup,
  idlePerMs: CpuByGroup,
  wallMs: number,
) {
  for (const group of Object.keys(total) as (keyof CpuByGroup)[]) {
    const used = after[group] - before[group] - idlePerMs[group] * wallMs;
    total[group] += Math.max(0, used);
  }
}

const IDLE_WINDOW_MS = 1000;
const IDLE_MAX_WINDOWS = 20;
/** Idle CPU time, in ms per ms, below which the emulators count as settled. */
const SETTLED_CPU = 0.1;

function totalCpu(cpu: CpuByGroup): number {
  return Object.values(cpu).reduce((sum, value) => sum + value, 0);
}

/**
 * Returns the CPU time per ms of wall time that this run's emulator
 * processes use idle. Workers that are still starting use more, so it
 * measures 1 s windows until one stays below SETTLED_CPU, at most 20.
 */
async function measureIdleCpu(): Promise<CpuByGroup> {
  let idle: CpuByGroup | undefined;
  for (let window = 0; window < IDLE_MAX_WINDOWS; window++) {
    const before = cpuByGroup();
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
    idle = cpuPerCall(before, cpuByGroup(), performance.now() - start);
    if (totalCpu(idle) < SETTLED_CPU) break;
  }
  return idle ?? zeroCpu();
}

/**
 * Sends warm-up calls until one pass has no error, at most three passes,
 * because calls that time out while the workers start leave them starting.
 */
async function warmUp(
  setup: TokenLatencySetup,
  kind: string,
  url: string,
  nextCall: (index: number) => CallSpec,
): Promise<void> {
  for (let pass = 1; pass <= WARM_UP_PASSES; pass++) {
    const warm = await runCallableLoad(url, WARM_UP, nextCall);
    const kinds = Object.entries(warm.errorKinds)
      .map(([errorKind, count]) => `${count} ${errorKind}`)
      .join(", ");
    setup.log(
      `warm-up ${pass} of ${kind}: ${warm.latenciesMs.length} calls, ${warm.errors} errors${kinds ? ` (${kinds})` : ""}`,
    );
    if (warm.errors === 0) return;
  }
}

/**
 * Measures getBroadcastToken beside the baseline callable at concurrency 1
 * and 50. The two alternate in rounds, and the one that goes first
 * alternates too, so that a change in background load falls on both.
 */
export async function measureTokenLatency(
  setup: TokenLatencySetup,
): Promise<TokenLatencyResult[]> {
  const { users } = setup;
  const calls = {
    baseline: (i: number) => baselineCall(users[i % users.length]),
    token: (i: number) => tokenCall(setup, users[i % users.length]),
  };
  const urls = {
    baseline: `${setup.functionsUrl}/${setup.baselineName}`,
    token: `${setup.functionsUrl}/getBroadcastToken`,
  };

  for (const kind of ["baseline", "token"] as const) {
    await warmUp(setup, kind, urls[kind], calls[kind]);
  }

  const idleCpu = await measureIdleCpu();
  const idlePercent = totalCpu(idleCpu) * 100;
  setup.log(`idle emulator CPU: ${idlePercent.toFixed(1)}% of one core`);
  const results: TokenLatencyResult[] = [];
  for (const step of PLAN) {
    const loadAtStart = loadAverage();
    const outcomes = {
      baseline: [] as LoadOutcome[],
      token: [] as LoadOutcome[],
    };
    const cpu = { baseline: zeroCpu(), token: zeroCpu() };
    for (let round = 0; round < step.rounds; round++) {
      const order =
        round % 2 === 0
          ? (["baseline", "token"] as const)
          : (["token", "baseline"] as const);
      for (const kind of order) {
        const bounds = {
          concurrency: step.concurrency,
          calls: step.callsPerRound,
          maxMs: step.maxMsPerRound,
          callTimeoutMs: CALL_TIMEOUT_MS,
        };
        const cpuBefore = cpuByGroup();
        const outcome = await runCallableLoad(urls[kind], bounds, calls[kind]);
        addCpu(cpu[kind], cpuBefore, cpuByGroup(), idleCpu, outcome.wallMs);
        outcomes[kind].push(outcome);
      }
    }
    const result: TokenLatencyResult = {
      concurrency: step.concurrency,
      baseline: toLatency(
        setup.baselineName,
        step.concurrency,
        merge(outcomes.baseline),
        cpu.baseline,
      ),
      token: toLatency(
        "getBroadcastToken",
        step.concurrency,
        merge(outcomes.token),
        cpu.token,
      ),
      loadAtStart,
      idleCpuPercent: idlePercent,
    };
    setup.log(
      `concurrency ${step.concurrency}: token p50 ${result.token.latency.p50.toFixed(1)} ms, baseline p50 ${result.baseline.latency.p50.toFixed(1)} ms`,
    );
    results.push(result);
  }
  return results;
}
