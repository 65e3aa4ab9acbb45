import type { CpuByGroup } from "./process-cpu";
import type { LatencySummary } from "./stats";

// Result records that the benchmark phases write and the report reads. The
// emulator phase runs in another process, so these cross a JSON file.

/** Latency of one callable at one concurrency. */
export interface CallableLatency {
  function: string;
  concurrency: number;
  latency: LatencySummary;
  /** Calls that failed: a transport error, a non-200 status or a wrong result. */
  errors: number;
  /** Error counts by kind, such as "status 500" or "timeout". */
  errorKinds: Record<string, number>;
  /** Completed calls per second over the measured rounds. */
  callsPerSecond: number;
  /** CPU time per call of each emulator process group, in ms. */
  cpuMsPerCall: CpuByGroup;
}

/** Token latency beside the baseline, at one concurrency. */
export interface TokenLatencyResult {
  concurrency: number;
  baseline: CallableLatency;
  token: CallableLatency;
  /** 1, 5 and 15 minute load averages when this step started. */
  loadAtStart: number[];
  /**
   * CPU time of the idle emulator processes, in percent of one core, which
   * is subtracted from the CPU time per call.
   */
  idleCpuPercent: number;
}

/** Time from creating broadcasts to seeing their `sessionId`. */
export interface SessionBurstResult {
  label: string;
  mode: "burst" | "one at a time";
  broadcasts: number;
  latency: LatencySummary;
  /** Time from the first create sent to the last sessionId seen, in ms. */
  totalMs: number;
  /** Broadcasts that ended `failed` or had no sessionId before the deadline. */
  errors: number;
  /** `/session/create` calls that the stand-in counted during the burst. */
  openTokCalls: number;
  loadAtStart: number[];
}

/** Response time of the stand-in for direct `createSession` calls. */
export interface StandInTiming {
  label: string;
  concurrency: number;
  latency: LatencySummary;
  errors: number;
}

/** Firestore operations counted at the Admin SDK's RPC layer. */
export interface FirestoreCount {
  /** Documents requested by BatchGetDocuments, each a billed read. */
  reads: number;
  /** Writes in successful Commit requests, each a billed write. */
  writes: number;
  /** RPCs by method name, and failed ones as `commit (failed)`. */
  rpcs: Record<string, number>;
}

/** Cost of one kind of operation, averaged over its repetitions. */
export interface CostRow {
  operation: string;
  repetitions: number;
  /** Firestore reads per operation: mean, and the maximum seen. */
  readsMean: number;
  readsMax: number;
  writesMean: number;
  writesMax: number;
  /** OpenTok `/session/create` calls per operation, mean and maximum. */
  openTokMean: number;
  openTokMax: number;
  rpcs: Record<string, number>;
}

/** Token calls served in one process at one concurrency. */
export interface InProcessLatency {
  concurrency: number;
  latency: LatencySummary;
  /** CPU time of the serving process per call, in ms. */
  cpuMsPerCall: number;
  callsPerSecond: number;
}

/** Measurements of the cost step, made in a process of its own. */
export interface CostResult {
  rows: CostRow[];
  /** Median duration of a token call in this process, the first left out, in ms. */
  tokenCallMs: number;
  /** Median duration of a plain read of the same document, in ms. */
  documentReadMs: number;
  /** Token calls in that process at concurrency 1 and 50. */
  inProcess: InProcessLatency[];
  /** True when broadcasts written in the cost project started no trigger. */
  isolated: boolean;
}

/** Everything the emulator phase measured. */
export interface EmulatorPhaseResult {
  tokenLatency: TokenLatencyResult[];
  sessionBursts: SessionBurstResult[];
  standIn: StandInTiming[];
  cost: CostResult;
  firstCall: FirstCallResult[];
  /** This run's Functions emulator workers at the end, from /proc. */
  workerProcesses: number;
  /** Resident memory of those workers together, in MiB. */
  workerRssMiB: number;
  durationMs: number;
}

/** Load time and peak memory of one module set in fresh processes. */
export interface ColdLoadResult {
  label: string;
  modules: string[];
  runs: number;
  /** Median time spent in require(), in ms. */
  loadMs: number;
  /** Median time from process start to the end of loading, in ms. */
  sinceStartMs: number;
  /** Median peak resident set size, in MiB. */
  peakRssMiB: number;
}

/** CPU time of one way to produce a signed token. */
export interface TokenCpuResult {
  /** Credential mode: an API key and secret, or a Vonage application. */
  mode: "opentok" | "vonage";
  label: string;
  operations: number;
  /** Median over batches of the mean time per operation, in microseconds. */
  microsPerOperation: number;
}

/** A fresh process that loads a functions module and serves one call. */
export interface FirstCallResult {
  label: string;
  runs: number;
  /** Median time to load the entry module, in ms. */
  loadMs: number;
  /** Median duration of the first call, in ms. */
  firstCallMs: number;
  /** Median time from process start to the first result, in ms. */
  sinceStartMs: number;
  /** Median peak resident set size, in MiB. */
  peakRssMiB: number;
}
