/**
 * Failure modes that the development server can inject into session creation
 * (`POST /session/create`):
 * - "error": responds with `status` (400-599) and `body` (any JSON value).
 * - "delay": waits `delayMs` and then responds normally, authentication
 *   included.
 * - "empty-body": responds 200 with Content-Type application/json and no body.
 * - "malformed-body": responds 200 with Content-Type application/json and text
 *   that is not JSON.
 * - "missing-session-id": responds 200 with the usual array but without
 *   `session_id`.
 * - "close-connection": destroys the socket without sending a response.
 */
export type FaultKind =
  | "error"
  | "delay"
  | "empty-body"
  | "malformed-body"
  | "missing-session-id"
  | "close-connection";

/**
 * One injected failure mode and how many session-create calls it applies to.
 */
export interface FaultSpec {
  kind: FaultKind;
  /**
   * Number of calls that get this fault. Omitted means every call until the
   * faults are cleared.
   */
  count?: number;
  /** HTTP status for "error". */
  status?: number;
  /** JSON body for "error". Omitted means an OpenTok-style error body. */
  body?: unknown;
  /** Delay in milliseconds for "delay", from 0 to MAX_FAULT_DELAY_MS. */
  delayMs?: number;
}

/**
 * Upper bound of `delayMs`, so that a wrong value cannot hold a request for
 * minutes.
 */
export const MAX_FAULT_DELAY_MS = 30_000;

const FAULT_KINDS: readonly string[] = [
  "error",
  "delay",
  "empty-body",
  "malformed-body",
  "missing-session-id",
  "close-connection",
];
const FIELDS = ["kind", "count", "status", "body", "delayMs"];

function isInteger(value: unknown, min: number, max: number): value is number {
  return (
    typeof value === "number" &&
    Number.isInteger(value) &&
    value >= min &&
    value <= max
  );
}

function checkKindFields(where: string, spec: Record<string, unknown>): void {
  const { kind, status, body, delayMs } = spec;
  if (kind === "error" && !isInteger(status, 400, 599)) {
    throw new Error(
      `Invalid ${where}.status: "error" needs an integer from 400 to 599.`,
    );
  }
  if (kind !== "error" && (status !== undefined || body !== undefined)) {
    throw new Error(
      `Invalid ${where}: status and body apply only to kind "error".`,
    );
  }

  if (kind === "delay" && !isInteger(delayMs, 0, MAX_FAULT_DELAY_MS)) {
    throw new Error(
      `Invalid ${where}.delayMs: use an integer from 0 to ${MAX_FAULT_DELAY_MS}.`,
    );
  }
  if (kind !== "delay" && delayMs !== undefined) {
    throw new Error(`Invalid ${where}: delayMs applies only to kind "delay".`);
  }
}

function parseFaultSpec(value: unknown, index: number): FaultSpec {
  const where = `faults[${index}]`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(
      `Invalid ${where}: expected an object with a "kind" field.`,
    );
  }
  const spec = value as Record<string, unknown>;
  const unknownField = Object.keys(spec).find((key) => !FIELDS.includes(key));
  if (unknownField !== undefined) {
    throw new Error(
      `Invalid ${where}: unknown field "${unknownField}". Use ${FIELDS.join(", ")}.`,
    );
  }

  const { kind, count } = spec;
  if (typeof kind !== "string" || !FAULT_KINDS.includes(kind)) {
    throw new Error(
      `Invalid ${where}.kind: use one of ${FAULT_KINDS.join(", ")}.`,
    );
  }
  if (count !== undefined && !isInteger(count, 1, Number.MAX_SAFE_INTEGER)) {
    throw new Error(
      `Invalid ${where}.count: use a positive integer, or omit it for every call.`,
    );
  }
  checkKindFields(where, spec);
  return { ...spec, kind } as FaultSpec;
}

/**
 * Validates one fault or a list of faults, as received from code or from JSON.
 * Throws an Error that names the invalid field.
 */
export function parseFaultSpecs(value: unknown): FaultSpec[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  return list.map((item, index) => parseFaultSpec(item, index));
}

/**
 * Ordered list of active faults. Each session-create call takes the first
 * fault. A fault with a count is removed once that many calls have taken it,
 * and a fault without a count stays until clear() or set().
 */
export class FaultQueue {
  private faults: FaultSpec[] = [];

  /** Replaces the active faults. */
  set(faults: FaultSpec[]): void {
    this.faults = faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * Returns copies of the active faults, with `count` as the number of calls
   * left.
   */
  list(): FaultSpec[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /**
   * Takes the fault for the next session-create call, or returns undefined when
   * none is active.
   */
  take(): FaultSpec | undefined {
    const fault = this.faults[0];
    if (fault === undefined) {
      return undefined;
    }
    if (fault.count !== undefined) {
      fault.count -= 1;
      if (fault.count === 0) {
        this.faults.shift();
      }
    }
    return { ...fault };
  }
}
