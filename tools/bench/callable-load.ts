import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

/** One call of the load: which user calls and how to check the result. */
export interface CallSpec {
  idToken: string;
  data: unknown;
  /** Returns an error kind when the result is wrong, otherwise undefined. */
  check: (result: Record<string, unknown>) => string | undefined;
}

/** Latencies and errors of a run of calls. */
export interface LoadOutcome {
  latenciesMs: number[];
  errors: number;
  errorKinds: Record<string, number>;
  wallMs: number;
}

/** Bounds of one run; whichever is reached first ends it. */
export interface LoadBounds {
  concurrency: number;
  calls: number;
  maxMs: number;
  /** Time after which one call is abandoned and counted as an error. */
  callTimeoutMs: number;
}

interface RawResponse {
  status: number;
  body: string;
}

function post(
  agent: Agent,
  url: URL,
  idToken: string,
  data: unknown,
  timeoutMs: number,
): Promise<RawResponse> {
  const payload = JSON.stringify({ data });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(payload),
          Authorization: `Bearer ${idToken}`,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(payload);
  });
}

function classify(response: RawResponse, spec: CallSpec): string | undefined {
  if (response.status !== 200) return `status ${response.status}`;
  let parsed: { result?: unknown };
  try {
    parsed = JSON.parse(response.body) as { result?: unknown };
  } catch {
    return "malformed body";
  }
  const result = parsed.result;
  if (typeof result !== "object" || result === null) return "no result";
  return spec.check(result as Record<string, unknown>);
}

/**
 * Calls a callable function over the callable HTTP protocol (a JSON POST of
 * `{"data": ...}` with an ID token), the way the iOS SDK does, from
 * `concurrency` parallel loops until `calls` calls are made or `maxMs` has
 * passed. Keep-alive connections are reused, as a client SDK reuses them.
 */
export async function runCallableLoad(
  url: string,
  bounds: LoadBounds,
  nextCall: (index: number) => CallSpec,
): Promise<LoadOutcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: bounds.concurrency });
  const target = new URL(url);
  const outcome: LoadOutcome = {
    latenciesMs: [],
    errors: 0,
    errorKinds: {},
    wallMs: 0,
  };
  const started = performance.now();
  const deadline = started + bounds.maxMs;
  let issued = 0;

  const loop = async () => {
    while (issued < bounds.calls && performance.now() < deadline) {
      const spec = nextCall(issued);
      issued += 1;
      const callStart = performance.now();
      let errorKind: string | undefined;
      try {
        const response = await post(
          agent,
          target,
          spec.idToken,
          spec.data,
          bounds.callTimeoutMs,
        );
        errorKind = classify(response, spec);
      } catch (error) {
        errorKind = error instanceof Error ? error.message : "request failed";
      }
      outcome.latenciesMs.push(performance.now() - callStart);
      if (errorKind !== undefined) {
        outcome.errors += 1;
        outcome.errorKinds[errorKind] =
          (outcome.errorKinds[errorKind] ?? 0) + 1;
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: bounds.concurrency }, loop));
  } finally {
    agent.destroy();
  }
  outcome.wallMs = performance.now() - started;
  return outcome;
}
