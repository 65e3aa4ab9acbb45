import type OTNamespace from "@opentok/client";

type OT = typeof OTNamespace;
type OTError = OTNamespace.OTError;

/** Credentials, page elements and callbacks for joining a broadcast's OpenTok session. */
export interface VideoOptions {
  apiKey: string;
  sessionId: string;
  token: string;
  role: "publisher" | "subscriber";
  /** Firebase uid of the broadcast's owner, whose stream subscribers watch. */
  ownerUid: string;
  publisherElement: HTMLElement;
  subscriberElement: HTMLElement;
  /** Time after which `connect` gives up, in milliseconds. */
  connectTimeoutMs: number;
  onEvent: (event: VideoEvent) => void;
}

/** Changes after the connection, for the status line. */
export type VideoEvent =
  | { kind: "owner-streaming" }
  | { kind: "owner-stopped" }
  | { kind: "reconnecting" }
  | { kind: "reconnected" }
  | { kind: "disconnected"; reason: string }
  | { kind: "media-failed"; detail: string };

/**
 * Thrown by `connect` when the OpenTok session could not be joined.
 * `unreachable` is true when the video service did not respond, and false
 * when it responded and rejected the connection.
 */
export class VideoConnectError extends Error {
  constructor(
    readonly unreachable: boolean,
    readonly detail: string,
  ) {
    super(detail);
  }
}

// Errors that the service returns when it rejects a connection. Every other
// connect error means that it could not be reached.
const REJECTIONS = new Set([
  "OT_AUTHENTICATION_ERROR",
  "OT_INVALID_SESSION_ID",
  "OT_INVALID_PARAMETER",
  "OT_CONNECT_REJECTED",
  "OT_CONNECTION_LIMIT_EXCEEDED",
  "OT_TERMS_OF_SERVICE_FAILURE",
]);

function describeError(error: OTError): string {
  // Some errors carry only a numeric code such as "(1006)" as their message.
  const message = error.message.trim();
  const informative = /[a-z]/i.test(message);
  if (!error.name) return message;
  return informative ? `${error.name}: ${message}` : error.name;
}

function ownerOf(stream: OTNamespace.Stream): string | undefined {
  try {
    // The backend puts {"uid": "<caller's uid>"} into each token.
    const data = JSON.parse(stream.connection.data) as { uid?: unknown };
    return typeof data.uid === "string" ? data.uid : undefined;
  } catch {
    return undefined;
  }
}

/** One OpenTok session for an open broadcast. */
export class VideoSession {
  private closed = false;
  private readonly session: OTNamespace.Session;

  constructor(
    private readonly ot: OT,
    private readonly options: VideoOptions,
  ) {
    this.session = ot.initSession(options.apiKey, options.sessionId);
    this.session.on("streamCreated", ({ stream }) => this.onStream(stream));
    this.session.on("streamDestroyed", ({ stream }) => {
      if (ownerOf(stream) === options.ownerUid) {
        options.onEvent({ kind: "owner-stopped" });
      }
    });
    this.session.on("sessionReconnecting", () =>
      options.onEvent({ kind: "reconnecting" }),
    );
    this.session.on("sessionReconnected", () =>
      options.onEvent({ kind: "reconnected" }),
    );
    this.session.on("sessionDisconnected", ({ reason }) => {
      if (!this.closed) options.onEvent({ kind: "disconnected", reason });
    });
  }

  /** The session ID as the OpenTok client reports it. */
  get sessionId(): string {
    return this.session.sessionId;
  }

  /**
   * Connects to the session and, for the publisher, starts publishing the
   * camera and microphone.
   * @throws VideoConnectError when the service cannot be reached within the
   *   timeout or rejects the connection.
   */
  async connect(): Promise<void> {
    await this.connectWithTimeout();
    if (this.options.role === "publisher" && !this.closed) this.publish();
  }

  /** Leaves the session; later events are not reported. */
  disconnect(): void {
    this.closed = true;
    this.session.off();
    void this.session.disconnect();
  }

  private connectWithTimeout(): Promise<void> {
    const { token, connectTimeoutMs } = this.options;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.disconnect();
        const seconds = Math.round(connectTimeoutMs / 1000);
        reject(new VideoConnectError(true, `no response within ${seconds} s`));
      }, connectTimeoutMs);
      this.session.connect(token, (error) => {
        clearTimeout(timer);
        if (!error) return resolve();
        const rejected = REJECTIONS.has(error.name);
        reject(new VideoConnectError(!rejected, describeError(error)));
      });
    });
  }

  private publish(): void {
    const reportFailure = (error?: OTError) => {
      if (error && !this.closed) {
        this.options.onEvent({
          kind: "media-failed",
          detail: describeError(error),
        });
      }
    };
    const publisher = this.ot.initPublisher(
      this.options.publisherElement,
      { insertMode: "append", width: "100%", height: "100%" },
      reportFailure,
    );
    this.session.publish(publisher, reportFailure);
  }

  private onStream(stream: OTNamespace.Stream): void {
    const { role, ownerUid, subscriberElement, onEvent } = this.options;
    if (role !== "subscriber" || ownerOf(stream) !== ownerUid) return;
    this.session.subscribe(
      stream,
      subscriberElement,
      { insertMode: "append", width: "100%", height: "100%" },
      (error) => {
        if (error)
          onEvent({ kind: "media-failed", detail: describeError(error) });
      },
    );
    onEvent({ kind: "owner-streaming" });
  }
}

/**
 * Loads OpenTok.js, which is large, on first use, and creates the session
 * object without connecting.
 */
export async function openVideoSession(
  options: VideoOptions,
): Promise<VideoSession> {
  const { default: ot } = await import("@opentok/client");
  return new VideoSession(ot, options);
}
