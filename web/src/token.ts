import { Functions, FunctionsError, httpsCallable } from "firebase/functions";

/** The result of the `getBroadcastToken` callable function. */
export interface BroadcastToken {
  token: string;
  sessionId: string;
  apiKey: string;
  role: "publisher" | "subscriber";
  expireTime: number;
}

/** Retry schedule for a broadcast whose session is still being created. */
export interface RetryPolicy {
  maxAttempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  firstDelayMs: 1000,
  maxDelayMs: 8000,
};

/** Time after which the client SDK abandons one call, in milliseconds. */
const CALL_TIMEOUT_MS = 20_000;
const RETRY_CALL_TIMEOUT_MS = 130_000;

/** Reported before each wait for a session that does not exist yet. */
export interface WaitingForSession {
  sessionStatus: "pending" | "creating";
  attempt: number;
  maxAttempts: number;
  delayMs: number;
}

/** Thrown when the caller cancels the retries. */
export class CancelledError extends Error {
  constructor() {
    super("Cancelled.");
  }
}

/**
 * Returns `details.sessionStatus` of a `failed-precondition` error from the
 * callable, or undefined for any other error.
 */
export function sessionStatusOf(error: unknown): string | undefined {
  if (!(error instanceof FunctionsError)) return undefined;
  if (error.code !== "functions/failed-precondition") return undefined;
  const details = error.details as { sessionStatus?: unknown } | undefined;
  return typeof details?.sessionStatus === "string"
    ? details.sessionStatus
    : undefined;
}

/** Thrown when the callable returns data that does not fit the contract. */
export class MalformedTokenError extends Error {
  constructor() {
    super("The server returned a token result in an unexpected format.");
  }
}

function checkTokenResult(data: unknown): BroadcastToken {
  const result = data as Partial<Record<keyof BroadcastToken, unknown>> | null;
  const valid =
    typeof result?.token === "string" &&
    typeof result.sessionId === "string" &&
    typeof result.apiKey === "string" &&
    typeof result.expireTime === "number" &&
    (result.role === "publisher" || result.role === "subscriber");
  if (!valid) throw new MalformedTokenError();
  return result as BroadcastToken;
}

/**
 * Calls `retryBroadcastSession`, which only the broadcast's owner may call,
 * and returns the session status it reports: `ready` or `creating`.
 * @throws FunctionsError when the backend rejects or fails the retry.
 */
export async function retryBroadcastSession(
  functions: Functions,
  broadcastId: string,
): Promise<string> {
  const callable = httpsCallable<
    { broadcastId: string },
    { sessionStatus: string }
  >(functions, "retryBroadcastSession", {
    // The function may run for up to 120 s.
    timeout: RETRY_CALL_TIMEOUT_MS,
  });
  const { data } = await callable({ broadcastId });
  return data.sessionStatus;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Calls `getBroadcastToken`. While the backend responds with
 * `failed-precondition` and sessionStatus `pending` or `creating`, it waits
 * with a doubling delay and calls again, up to `policy.maxAttempts` calls.
 * @throws FunctionsError from the last call, including `failed-precondition`
 *   when the session failed or the attempts ran out.
 * @throws MalformedTokenError when the result does not fit the contract.
 * @throws CancelledError once `signal` is aborted.
 */
export async function fetchBroadcastToken(
  functions: Functions,
  broadcastId: string,
  onWaiting: (waiting: WaitingForSession) => void,
  signal: AbortSignal,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<BroadcastToken> {
  const callable = httpsCallable<{ broadcastId: string }, BroadcastToken>(
    functions,
    "getBroadcastToken",
    { timeout: CALL_TIMEOUT_MS },
  );
  for (let attempt = 1; ; attempt++) {
    try {
      const { data } = await callable({ broadcastId });
      if (signal.aborted) throw new CancelledError();
      return checkTokenResult(data);
    } catch (error) {
      if (signal.aborted) throw new CancelledError();
      const status = sessionStatusOf(error);
      // "pending" and "creating" resolve on their own; "failed" does not.
      const retryable = status === "pending" || status === "creating";
      if (!retryable || attempt >= policy.maxAttempts) throw error;

      const delayMs = Math.min(
        policy.firstDelayMs * 2 ** (attempt - 1),
        policy.maxDelayMs,
      );
      onWaiting({
        sessionStatus: status,
        attempt,
        maxAttempts: policy.maxAttempts,
        delayMs,
      });
      await sleep(delayMs, signal);
    }
  }
}
