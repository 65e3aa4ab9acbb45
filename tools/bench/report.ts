import type { MachineInfo } from "./machine";
import type { TokenCpuResult } from "./results";
import { BenchResults, TargetCheck } from "./targets";

/** A finished run: where it ran, what it measured and the targets. */
export interface BenchRun {
  machine: MachineInfo;
  loadAtStart: number[];
  loadAtEnd: number[];
  durationMs: number;
  results: BenchResults;
  tokenCpu: TokenCpuResult[];
  targets: TargetCheck[];
}

type Cell = string | number;

const ms = (value: number) => value.toFixed(1);
const times = (value: number) => `${value.toFixed(2)}x`;

function table(header: string[], rows: Cell[][]): string {
  const line = (cells: Cell[]) => `| ${cells.map(String).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join(
    "\n",
  );
}

function tokenLatencyTable({ results }: BenchRun): string {
  const rows: Cell[][] = [];
  for (const step of results.emulator.tokenLatency) {
    for (const latency of [step.baseline, step.token]) {
      const { p50, p95, p99, max, count } = latency.latency;
      const isToken = latency === step.token;
      rows.push([
        step.concurrency,
        latency.function,
        count,
        ms(p50),
        ms(p95),
        ms(p99),
        ms(max),
        isToken ? times(p50 / step.baseline.latency.p50) : "",
        isToken ? times(p99 / step.baseline.latency.p99) : "",
        latency.errors,
        latency.callsPerSecond.toFixed(0),
      ]);
    }
  }
  return table(
    [
      "Concurrency",
      "Function",
      "Calls",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "Max ms",
      "p50 / baseline",
      "p99 / baseline",
      "Errors",
      "Calls/s",
    ],
    rows,
  );
}

function cpuTable({ results }: BenchRun): string {
  const rows: Cell[][] = [];
  for (const step of results.emulator.tokenLatency) {
    for (const latency of [step.baseline, step.token]) {
      const cpu = latency.cpuMsPerCall;
      const total = Object.values(cpu).reduce((sum, value) => sum + value, 0);
      rows.push([
        step.concurrency,
        latency.function,
        ms(cpu["function-workers"]),
        ms(cpu["firestore-emulator"]),
        ms(cpu["emulator-main"]),
        ms(cpu["bench-client"]),
        ms(total),
      ]);
    }
  }
  return table(
    [
      "Concurrency",
      "Function",
      "Workers",
      "Firestore emulator",
      "Emulator main",
      "Load generator",
      "Total",
    ],
    rows,
  );
}

function inProcessTable({ results }: BenchRun): string {
  return table(
    ["Concurrency", "Calls", "p50 ms", "p99 ms", "CPU ms per call", "Calls/s"],
    results.emulator.cost.inProcess.map((row) => [
      row.concurrency,
      row.latency.count,
      ms(row.latency.p50),
      ms(row.latency.p99),
      row.cpuMsPerCall.toFixed(2),
      row.callsPerSecond.toFixed(0),
    ]),
  );
}

function sessionTable({ results }: BenchRun): string {
  return table(
    [
      "Step",
      "Broadcasts",
      "p50 ms",
      "p99 ms",
      "Max ms",
      "Last seen after ms",
      "OpenTok calls",
      "Errors",
    ],
    results.emulator.sessionBursts.map((step) => [
      step.label,
      step.broadcasts,
      ms(step.latency.p50),
      ms(step.latency.p99),
      ms(step.latency.max),
      ms(step.totalMs),
      step.openTokCalls,
      step.errors,
    ]),
  );
}

function standInTable({ results }: BenchRun): string {
  return table(
    [
      "Direct createSession calls",
      "Concurrency",
      "Calls",
      "p50 ms",
      "p99 ms",
      "Errors",
    ],
    results.emulator.standIn.map((row) => [
      row.label,
      row.concurrency,
      row.latency.count,
      ms(row.latency.p50),
      ms(row.latency.p99),
      row.errors,
    ]),
  );
}

function coldLoadTable({ results }: BenchRun): string {
  const sdk = results.coldLoad.find(
    (row) => row.label === "firebase-functions",
  );
  return table(
    [
      "Modules loaded",
      "Runs",
      "Load ms",
      "Since process start ms",
      "Peak RSS MiB",
      "Load / firebase-functions",
      "RSS / firebase-functions",
    ],
    results.coldLoad.map((row) => [
      row.label,
      row.runs,
      ms(row.loadMs),
      ms(row.sinceStartMs),
      ms(row.peakRssMiB),
      sdk && row.modules.length > 0 ? times(row.loadMs / sdk.loadMs) : "",
      sdk ? times(row.peakRssMiB / sdk.peakRssMiB) : "",
    ]),
  );
}

function firstCallTable({ results }: BenchRun): string {
  return table(
    [
      "Function",
      "Runs",
      "Load ms",
      "First call ms",
      "Since process start ms",
      "Peak RSS MiB",
    ],
    results.emulator.firstCall.map((row) => [
      row.label,
      row.runs,
      ms(row.loadMs),
      ms(row.firstCallMs),
      ms(row.sinceStartMs),
      ms(row.peakRssMiB),
    ]),
  );
}

function tokenCpuTable({ tokenCpu }: BenchRun): string {
  // The last row of each mode is its floor.
  const floors = new Map(
    tokenCpu.map((row) => [row.mode, row.microsPerOperation]),
  );
  return table(
    [
      "Mode",
      "Signing",
      "Operations",
      "µs per token",
      "Tokens/s on one core",
      "/ floor",
    ],
    tokenCpu.map((row) => [
      row.mode === "opentok" ? "OpenTok (HS256)" : "Vonage (RS256)",
      row.label,
      row.operations,
      row.microsPerOperation.toFixed(2),
      (1e6 / row.microsPerOperation).toFixed(0),
      times(row.microsPerOperation / (floors.get(row.mode) ?? Number.NaN)),
    ]),
  );
}

function costTable({ results }: BenchRun): string {
  return table(
    [
      "Operation",
      "Repetitions",
      "Reads",
      "Writes",
      "OpenTok calls",
      "Firestore RPCs per operation",
    ],
    results.emulator.cost.rows.map((row) => [
      row.operation,
      row.repetitions,
      `${row.readsMean.toFixed(2)} (max ${row.readsMax})`,
      `${row.writesMean.toFixed(2)} (max ${row.writesMax})`,
      `${row.openTokMean.toFixed(2)} (max ${row.openTokMax})`,
      Object.entries(row.rpcs)
        .map(([method, count]) => `${method} ${count.toFixed(2)}`)
        .join(", "),
    ]),
  );
}

function targetTable({ targets }: BenchRun): string {
  return table(
    ["Target", "Limit", "Measured", "Met", "Reason"],
    targets.map((check) => [
      check.target,
      check.limit,
      check.measured,
      check.met ? "met" : "not met",
      check.reason,
    ]),
  );
}

export const sections = {
  tokenLatencyTable,
  cpuTable,
  inProcessTable,
  sessionTable,
  standInTable,
  coldLoadTable,
  firstCallTable,
  tokenCpuTable,
  costTable,
  targetTable,
};
