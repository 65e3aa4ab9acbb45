import { performance } from "node:perf_hooks";
import type { InProcessLatency } from "./results";
import { summarize } from "./stats";

// getBroadcastToken served in one process, one call at a time or many at
// once, as one Cloud Functions instance serves concurrent requests. The
// Functions emulator instead runs each request in a worker process of its
// own.

/** One call of the exported callable, wrapped by firebase-functions-test. */
export type Callable = (request: {
  data: unknown;
  auth: { uid: string; token: Record<string, unknown> };
}) => Promise<unknown>;

const STEPS = [
  { concurrency: 1, calls: 200 },
  { concurrency: 50, calls: 1000 },
];

async function runStep(
  call: Callable,
  broadcastId: string,
  concurrency: number,
  calls: number,
): Promise<InProcessLatency> {
  const latencies: number[] = [];
  let issued = 0;
  const loop = async () => {
    while (issued < calls) {
      const uid = `viewer-${issued % 10}`;
      issued += 1;
      const start = performance.now();
      const result = (await call({
        data: { broadcastId },
        auth: { uid, token: {} },
      })) as { token?: unknown };
      latencies.push(performance.now() - start);
      if (typeof result.token !== "string") {
        throw new Error("getBroadcastToken returned no token.");
      }
    }
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    concurrency,
    latency: summarize(latencies),
    cpuMsPerCall: (cpu.user + cpu.system) / 1000 / calls,
    callsPerSecond: (calls * 1000) / wallMs,
  };
}

/**
 * Measures token calls in this process at concurrency 1 and 50: latency
 * and this process's CPU time per call. The Firestore emulator's CPU time
 * is not included.
 */
export async function measureInProcess(
  call: Callable,
  broadcastId: string,
): Promise<InProcessLatency[]> {
  const results: InProcessLatency[] = [];
  for (const step of STEPS) {
    results.push(
      await runStep(call, broadcastId, step.concurrency, step.calls),
    );
  }
  return results;
}
