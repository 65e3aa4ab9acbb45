/**
 * States of the status line. The page sets the current one as
 * `data-state` on #status, which the browser tests read.
 */
export type StatusState =
  | "config-missing"
  | "signed-out"
  | "signing-in"
  | "signed-in"
  | "saving"
  | "saved"
  | "write-rejected"
  | "write-failed"
  | "connecting"
  | "waiting-for-session"
  | "no-session"
  | "session-failed"
  | "token-failed"
  | "video-unreachable"
  | "video-rejected"
  | "connected"
  | "deleted"
  | "error";

const ERROR_STATES: ReadonlySet<StatusState> = new Set<StatusState>([
  "config-missing",
  "signed-out",
  "write-rejected",
  "write-failed",
  "no-session",
  "session-failed",
  "token-failed",
  "video-unreachable",
  "video-rejected",
  "deleted",
  "error",
]);

const BUSY_STATES: ReadonlySet<StatusState> = new Set<StatusState>([
  "signing-in",
  "saving",
  "connecting",
  "waiting-for-session",
]);

/** The one-line status at the top of the page. */
export class StatusLine {
  private messageCount = 0;

  constructor(private readonly element: HTMLElement) {}

  /**
   * Shows `message` and marks the line with its state. Returns a number that
   * identifies this message for `replace`.
   */
  show(state: StatusState, message: string): number {
    this.messageCount += 1;
    this.element.textContent = message;
    this.element.dataset.state = state;
    this.element.classList.toggle("status--error", ERROR_STATES.has(state));
    this.element.classList.toggle("status--busy", BUSY_STATES.has(state));
    return this.messageCount;
  }

  /**
   * Shows `message` only while the message numbered `messageNumber` is still
   * on the line, so that a late result does not hide a newer message. Returns
   * the new message's number, or undefined when it was not shown.
   */
  replace(
    messageNumber: number,
    state: StatusState,
    message: string,
  ): number | undefined {
    return messageNumber === this.messageCount
      ? this.show(state, message)
      : undefined;
  }

  /** The state shown now. */
  get state(): StatusState | undefined {
    return this.element.dataset.state as StatusState | undefined;
  }
}
