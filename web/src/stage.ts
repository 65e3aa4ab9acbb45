import { Broadcast, watchBroadcast } from "./broadcasts";
import type { FirebaseServices } from "./firebase";
import { describeRetryError, describeTokenError } from "./messages";
import type { StatusLine } from "./status";
import {
  BroadcastToken,
  CancelledError,
  fetchBroadcastToken,
  retryBroadcastSession,
} from "./token";
import { VideoEvent, VideoSession, openVideoSession } from "./video";
import {
  describeConnectError,
  describeConnected,
  describeVideoEvent,
} from "./video-messages";

/** The page elements of the open broadcast. */
export interface StageElements {
  section: HTMLElement;
  title: HTMLElement;
  role: HTMLElement;
  retry: HTMLButtonElement;
  publisher: HTMLElement;
  subscriber: HTMLElement;
}

/** One opening of a broadcast, from `open` until `close` or deletion. */
interface Visit {
  broadcast: Broadcast;
  abort: AbortController;
  unwatch: () => void;
  video?: VideoSession;
  /**
   * The token fetch's error when session creation failed, and the number of
   * the status line message that reports it.
   */
  failedSession?: { error: unknown; messageNumber: number };
}

/**
 * The open broadcast: watches its document, fetches a token, joins its
 * OpenTok session and reports each step on the status line. The section's
 * data attributes carry the role, API key and session IDs for the tests.
 */
export class Stage {
  private visit: Visit | undefined;

  constructor(
    private readonly services: FirebaseServices,
    private readonly elements: StageElements,
    private readonly status: StatusLine,
    private readonly connectTimeoutMs: number,
  ) {
    elements.retry.addEventListener("click", () => void this.retrySession());
  }

  /** The ID of the open broadcast, if any. */
  get openId(): string | undefined {
    return this.visit?.broadcast.id;
  }

  /** Opens a broadcast, leaving the one open before. */
  open(broadcast: Broadcast): void {
    this.close();
    const visit: Visit = {
      broadcast,
      abort: new AbortController(),
      unwatch: () => undefined,
    };
    this.visit = visit;

    const { section, title, role } = this.elements;
    for (const key of Object.keys(section.dataset)) delete section.dataset[key];
    section.dataset.broadcastId = broadcast.id;
    section.hidden = false;
    this.elements.retry.hidden = true;
    title.textContent = broadcast.name;
    role.textContent = "Joining…";
    this.status.show("connecting", `Connecting to “${broadcast.name}”…`);

    visit.unwatch = watchBroadcast(
      this.services.db,
      broadcast.id,
      (current) => this.onDocument(visit, current),
      (error) => {
        if (this.visit === visit) {
          this.status.show(
            "error",
            `Lost the broadcast's data: ${error.message}`,
          );
        }
      },
    );
    void this.join(visit);
  }

  /** Leaves the open broadcast and hides its section. */
  close(): void {
    const visit = this.visit;
    if (!visit) return;
    this.visit = undefined;
    this.stop(visit);
    this.elements.section.hidden = true;
  }

  private stop(visit: Visit): void {
    visit.abort.abort();
    visit.unwatch();
    visit.video?.disconnect();
    this.elements.publisher.replaceChildren();
    this.elements.subscriber.replaceChildren();
  }

  private onDocument(visit: Visit, current: Broadcast | undefined): void {
    if (this.visit !== visit) return;
    if (!current) {
      this.stop(visit);
      this.elements.section.dataset.deleted = "true";
      this.elements.role.textContent = "This broadcast has ended.";
      this.status.show("deleted", "This broadcast was deleted by its owner.");
      return;
    }
    const reasonArrived = current.sessionError !== visit.broadcast.sessionError;
    visit.broadcast = current;
    this.elements.title.textContent = current.name;
    // The backend's own retries can attach a session after a failure.
    if (visit.failedSession && current.sessionStatus === "ready") {
      this.open(current);
      return;
    }
    // The callable can report a failed session before this listener receives
    // the document's sessionError, which names the reason.
    if (visit.failedSession && reasonArrived) this.showSessionFailure(visit);
  }

  private showSessionFailure(visit: Visit): void {
    if (!visit.failedSession) return;
    const { error, messageNumber } = visit.failedSession;
    const { state, message } = describeTokenError(
      error,
      visit.broadcast.sessionError,
      this.isOwner(visit),
    );
    const replaced = this.status.replace(messageNumber, state, message);
    // Once a newer message is on the line, this one is out of date.
    if (replaced === undefined) visit.failedSession = undefined;
    else visit.failedSession.messageNumber = replaced;
  }

  private async join(visit: Visit): Promise<void> {
    const { id } = visit.broadcast;
    let token: BroadcastToken;
    try {
      token = await fetchBroadcastToken(
        this.services.functions,
        id,
        ({ attempt, maxAttempts, delayMs }) => {
          const seconds = Math.round(delayMs / 1000);
          this.status.show(
            "waiting-for-session",
            `The broadcast has no video session yet. Retrying in ${seconds} s (attempt ${attempt} of ${maxAttempts}).`,
          );
        },
        visit.abort.signal,
      );
    } catch (error) {
      if (error instanceof CancelledError || this.visit !== visit) return;
      const { state, message } = describeTokenError(
        error,
        visit.broadcast.sessionError,
        this.isOwner(visit),
      );
      const messageNumber = this.status.show(state, message);
      this.elements.role.textContent = "Not connected.";
      if (state !== "session-failed") return;
      visit.failedSession = { error, messageNumber };
      this.elements.retry.hidden = !this.isOwner(visit);
      return;
    }
    if (this.visit !== visit) return;
    this.showRole(token);
    await this.connect(visit, token);
  }

  private isOwner(visit: Visit): boolean {
    return visit.broadcast.owner === this.services.auth.currentUser?.uid;
  }

  private async retrySession(): Promise<void> {
    const visit = this.visit;
    if (!visit) return;
    this.elements.retry.hidden = true;
    this.status.show("connecting", "Creating the video session again…");
    try {
      await retryBroadcastSession(this.services.functions, visit.broadcast.id);
    } catch (error) {
      if (this.visit !== visit) return;
      const { state, message } = describeRetryError(error);
      this.status.show(state, message);
      this.elements.retry.hidden = state !== "session-failed";
      return;
    }
    // Joining again fetches a token, and waits while the session is created.
    if (this.visit === visit) this.open(visit.broadcast);
  }

  private showRole(token: BroadcastToken): void {
    const { section, role } = this.elements;
    section.dataset.role = token.role;
    section.dataset.apiKey = token.apiKey;
    section.dataset.sessionId = token.sessionId;
    role.textContent =
      token.role === "publisher"
        ? "You own this broadcast, so you publish your camera and microphone."
        : "You are watching this broadcast.";
    this.status.show(
      "connecting",
      `Connecting to the video service as ${token.role}…`,
    );
  }

  private async connect(visit: Visit, token: BroadcastToken): Promise<void> {
    try {
      visit.video = await openVideoSession({
        ...token,
        ownerUid: visit.broadcast.owner,
        publisherElement: this.elements.publisher,
        subscriberElement: this.elements.subscriber,
        connectTimeoutMs: this.connectTimeoutMs,
        onEvent: (event) => this.onVideoEvent(visit, event),
      });
      if (this.visit !== visit) return visit.video.disconnect();
      this.elements.section.dataset.videoSessionId = visit.video.sessionId;
      await visit.video.connect();
    } catch (error) {
      if (this.visit !== visit) return;
      const { state, message } = describeConnectError(error);
      this.status.show(state, message);
      return;
    }
    if (this.visit !== visit) return;
    const { state, message } = describeConnected(token.role);
    this.status.show(state, message);
  }

  private onVideoEvent(visit: Visit, event: VideoEvent): void {
    if (this.visit !== visit) return;
    const { state, message } = describeVideoEvent(event);
    this.status.show(state, message);
  }
}
