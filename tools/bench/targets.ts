import type {
  CallableLatency,
  ColdLoadResult,
  CostRow,
  EmulatorPhaseResult,
} from "./results";

/** One target with what was measured against it. */
export interface TargetCheck {
  target: string;
  limit: string;
  measured: string;
  met: boolean;
  reason: string;
}

/** Everything the targets are checked against. */
export interface BenchResults {
  coldLoad: ColdLoadResult[];
  emulator: EmulatorPhaseResult;
}

const ratio = (value: number, base: number) => value / base;
const fixed = (value: number, digits = 2) => value.toFixed(digits);

function cpuTotal(latency: CallableLatency): number {
  return Object.values(latency.cpuMsPerCall).reduce((sum, v) => sum + v, 0);
}

function cpuText(latency: CallableLatency): string {
  const cpu = latency.cpuMsPerCall;
  return `${fixed(cpuTotal(latency), 1)} ms (workers ${fixed(cpu["function-workers"], 1)}, Firestore emulator ${fixed(cpu["firestore-emulator"], 1)}, emulator main process ${fixed(cpu["emulator-main"], 1)}, load generator ${fixed(cpu["bench-client"], 1)})`;
}

// The reason names the cost that the handler cannot avoid: the read's round
// trip when calls come one at a time, and the CPU time per call under load,
// when the cores are the bottleneck.
function latencyReason(
  results: BenchResults,
  concurrency: number,
  token: CallableLatency,
  baseline: CallableLatency,
  allowedMs: number,
): string {
  const { cost } = results.emulator;
  const cpu = `CPU time per call: getBroadcastToken ${cpuText(token)}, baseline ${cpuText(baseline)}.`;
  if (concurrency === 1) {
    return (
      `The limit allows ${fixed(allowedMs)} ms more than the baseline, but one read of the broadcast document from a warm process takes ${fixed(cost.documentReadMs)} ms against this Firestore emulator, ` +
      `and a whole token call in one process ${fixed(cost.tokenCallMs)} ms. ${cpu}`
    );
  }
  return `At concurrency ${concurrency} the cores are busy, so latency grows with the CPU time per call, ${fixed(cpuTotal(token) / cpuTotal(baseline))}x the baseline's. ${cpu}`;
}

function latencyChecks(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const step of results.emulator.tokenLatency) {
    const { baseline, token } = step;
    for (const [name, limit, key] of [
      ["p50", 1.25, "p50"],
      ["p99", 1.5, "p99"],
    ] as const) {
      const value = ratio(token.latency[key], baseline.latency[key]);
      const allowedMs = (limit - 1) * baseline.latency[key];
      checks.push({
        target: `Token ${name} at concurrency ${step.concurrency}`,
        limit: `at most ${limit}x the baseline`,
        measured: `${fixed(value)}x (${fixed(token.latency[key], 1)} ms against ${fixed(baseline.latency[key], 1)} ms)`,
        met: value <= limit,
        reason: latencyReason(
          results,
          step.concurrency,
          token,
          baseline,
          allowedMs,
        ),
      });
    }
  }
  return checks;
}

function coldLoadChecks(results: BenchResults): TargetCheck[] {
  const byLabel = new Map(results.coldLoad.map((row) => [row.label, row]));
  const entry = byLabel.get("functions entry module");
  const sdk = byLabel.get("firebase-functions");
  const deferred = byLabel.get("entry and the modules its first call loads");
  if (!entry || !sdk || !deferred) return [];
  const time = ratio(entry.loadMs, sdk.loadMs);
  const memory = ratio(entry.peakRssMiB, sdk.peakRssMiB);
  const reason =
    `The entry module loads only the firebase-functions v2 providers it uses, and firebase-admin's Firestore client and opentok wait for the first call. ` +
    `Loading those as well takes ${fixed(deferred.loadMs, 0)} ms and ${fixed(deferred.peakRssMiB, 0)} MiB.`;
  return [
    {
      target: "Cold load time",
      limit: "at most 1.5x firebase-functions alone",
      measured: `${fixed(time)}x (${fixed(entry.loadMs, 0)} ms against ${fixed(sdk.loadMs, 0)} ms)`,
      met: time <= 1.5,
      reason,
    },
    {
      target: "Cold load peak memory",
      limit: "at most 1.5x firebase-functions alone",
      measured: `${fixed(memory)}x (${fixed(entry.peakRssMiB, 0)} MiB against ${fixed(sdk.peakRssMiB, 0)} MiB)`,
      met: memory <= 1.5,
      reason,
    },
  ];
}

function costRow(results: BenchResults, operation: string): CostRow {
  const row = results.emulator.cost.rows.find(
    (candidate) => candidate.operation === operation,
  );
  if (!row) throw new Error(`The cost step has no row "${operation}".`);
  return row;
}

function costChecks(results: BenchResults): TargetCheck[] {
  const token = costRow(results, "getBroadcastToken call");
  const first = costRow(results, "trigger, first delivery");
  const repeated = costRow(results, "trigger, repeated delivery");
  const concurrent = costRow(results, "trigger, two concurrent deliveries");
  const emulatorSteps = results.emulator.sessionBursts;
  const emulatorCalls = emulatorSteps.reduce(
    (sum, s) => sum + s.openTokCalls,
    0,
  );
  const emulatorBroadcasts = emulatorSteps.reduce(
    (sum, s) => sum + s.broadcasts,
    0,
  );
  const oneCall =
    first.openTokMax === 1 &&
    first.openTokMean === 1 &&
    repeated.openTokMax === 0 &&
    concurrent.openTokMax === 1 &&
    concurrent.openTokMean === 1 &&
    emulatorCalls === emulatorBroadcasts;
  return [
    {
      target: "Firestore reads per token call",
      limit: "exactly 1",
      measured: `mean ${fixed(token.readsMean)}, max ${token.readsMax} over ${token.repetitions} calls`,
      met: token.readsMean === 1 && token.readsMax === 1,
      reason:
        "The handler reads the broadcast document once and signs the token locally.",
    },
    {
      target: "OpenTok calls per broadcast",
      limit: "exactly 1, also for a repeated or concurrent delivery",
      measured: `${emulatorCalls} for ${emulatorBroadcasts} broadcasts in the emulator; first delivery ${fixed(first.openTokMean)}, repeated ${fixed(repeated.openTokMean)}, two concurrent ${fixed(concurrent.openTokMean)}`,
      met: oneCall,
      reason:
        "A transaction claims the broadcast before the OpenTok call, so a second delivery finds the claim or the session and stops.",
    },
  ];
}

function errorChecks(results: BenchResults): TargetCheck[] {
  const step = results.emulator.tokenLatency.find((s) => s.concurrency === 50);
  if (!step) return [];
  const kinds = Object.entries(step.token.errorKinds)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(", ");
  return [
    {
      target: "Token errors at concurrency 50",
      limit: "0",
      measured: `${step.token.errors} of ${step.token.latency.count} calls (baseline ${step.baseline.errors})`,
      met: step.token.errors === 0,
      reason: kinds === "" ? "Every call returned a valid token." : kinds,
    },
  ];
}

/** Checks every target against the results of a run. */
export function checkTargets(results: BenchResults): TargetCheck[] {
  return [
    ...latencyChecks(results),
    ...coldLoadChecks(results),
    ...costChecks(results),
    ...errorChecks(results),
  ];
}
