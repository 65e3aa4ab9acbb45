import { expect } from "chai";
import { ConfigurationError } from "../../functions/src/config";
import {
  SessionCreationContext,
  ensureBroadcastSession,
} from "../../functions/src/session-creation";
import {
  VideoService,
  VideoServiceError,
} from "../../functions/src/video-service";
import { MemoryBroadcastStore } from "../support/memory-broadcast-store";

type Answer = string | VideoServiceError | Promise<string>;

/** A video service that returns scripted createRoutedSession results. */
class ScriptedVideo implements VideoService {
  readonly apiKey = "12345678";
  calls = 0;

  constructor(private readonly answers: Answer[]) {}

  createRoutedSession(): Promise<string> {
    const answer = this.answers[Math.min(this.calls, this.answers.length - 1)];
    this.calls++;
    if (answer instanceof VideoServiceError) return Promise.reject(answer);
    return Promise.resolve(answer);
  }

  ownsSessionId(): boolean {
    return true;
  }

  generateToken(): string {
    throw new Error("not used here");
  }
}

const unavailable = new VideoServiceError("unavailable", true, "down");
const authFailed = new VideoServiceError("auth-failed", false, "bad key");

function contextFor(
  store: MemoryBroadcastStore,
  video: ScriptedVideo,
  sleeps: number[] = [],
): SessionCreationContext {
  return {
    store,
    video: () => Promise.resolve(video),
    policy: {
      maxAttempts: 3,
      initialBackoffMs: 100,
      callTimeoutMs: 1000,
      claimLeaseMs: 60_000,
    },
    now: () => 1_000_000,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}

describe("ensureBroadcastSession", () => {
  let store: MemoryBroadcastStore;

  beforeEach(() => {
    store = new MemoryBroadcastStore();
    store.put("b1", { owner: "alice", name: "Show" });
  });

  it("attaches a new session", async () => {
    const video = new ScriptedVideo(["1_session"]);
    const outcome = await ensureBroadcastSession(
      contextFor(store, video),
      "b1",
    );
    expect(outcome).to.equal("attached");
    expect(store.documents.get("b1")?.sessionId).to.equal("1_session");
    expect(store.documents.get("b1")?.sessionStatus).to.equal("ready");
    expect(video.calls).to.equal(1);
  });

  it("runs once for a repeated event", async () => {
    const video = new ScriptedVideo(["1_first", "1_second"]);
    await ensureBroadcastSession(contextFor(store, video), "b1");
    const outcome = await ensureBroadcastSession(
      contextFor(store, video),
      "b1",
    );
    expect(outcome).to.equal("has-session");
    expect(store.documents.get("b1")?.sessionId).to.equal("1_first");
    expect(video.calls).to.equal(1);
  });

  it("runs once for concurrent events", async () => {
    let release: (sessionId: string) => void = () => undefined;
    const pending = new Promise<string>((resolve) => (release = resolve));
    const video = new ScriptedVideo([pending]);
    const first = ensureBroadcastSession(contextFor(store, video), "b1");
    const second = ensureBroadcastSession(contextFor(store, video), "b1");
    release("1_only");
    expect(await second).to.equal("in-progress");
    expect(await first).to.equal("attached");
    expect(video.calls).to.equal(1);
    expect(store.documents.get("b1")?.sessionId).to.equal("1_only");
  });

  it("takes over an expired claim", async () => {
    store.put("b1", {
      owner: "alice",
      sessionStatus: "creating",
      sessionClaimedAtMs: 1_000_000 - 60_000,
    });
    const video = new ScriptedVideo(["1_session"]);
    const outcome = await ensureBroadcastSession(
      contextFor(store, video),
      "b1",
    );
    expect(outcome).to.equal("attached");
  });

  it("skips a deleted broadcast", async () => {
    const video = new ScriptedVideo(["1_session"]);
    const outcome = await ensureBroadcastSession(
      contextFor(store, video),
      "gone",
    );
    expect(outcome).to.equal("missing");
    expect(video.calls).to.equal(0);
    expect(store.documents.has("gone")).to.equal(false);
  });

  it("discards a session after deletion", async () => {
    let release: (sessionId: string) => void = () => undefined;
    const pending = new Promise<string>((resolve) => (release = resolve));
    const video = new ScriptedVideo([pending]);
    const run = ensureBroadcastSession(contextFor(store, video), "b1");
    await Promise.resolve();
    store.documents.delete("b1");
    release("1_late");
    expect(await run).to.equal("missing");
    expect(store.documents.has("b1")).to.equal(false);
  });

  it("retries with doubling backoff", async () => {
    const sleeps: number[] = [];
    const video = new ScriptedVideo([unavailable, unavailable, "1_third"]);
    const outcome = await ensureBroadcastSession(
      contextFor(store, video, sleeps),
      "b1",
    );
    expect(outcome).to.equal("attached");
    expect(video.calls).to.equal(3);
    expect(sleeps).to.deep.equal([100, 200]);
    expect(store.documents.get("b1")?.sessionAttempts).to.equal(3);
  });

  it("records failure after the last attempt", async () => {
    const video = new ScriptedVideo([unavailable]);
    const outcome = await ensureBroadcastSession(
      contextFor(store, video),
      "b1",
    );
    const document = store.documents.get("b1");
    expect(outcome).to.equal("failed");
    expect(video.calls).to.equal(3);
    expect(document?.sessionStatus).to.equal("failed");
    expect(document?.sessionError).to.equal("unavailable");
    expect(document?.sessionId).to.equal(undefined);
  });

  it("does not retry an auth failure", async () => {
    const video = new ScriptedVideo([authFailed, "1_never"]);
    const outcome = await ensureBroadcastSession(
      contextFor(store, video),
      "b1",
    );
    expect(outcome).to.equal("failed");
    expect(video.calls).to.equal(1);
    expect(store.documents.get("b1")?.sessionError).to.equal("auth-failed");
  });

  it("records a configuration error", async () => {
    const context = contextFor(store, new ScriptedVideo(["1_never"]));
    context.video = () =>
      Promise.reject(new ConfigurationError("OPENTOK_API_KEY is missing"));
    const outcome = await ensureBroadcastSession(context, "b1");
    expect(outcome).to.equal("failed");
    expect(store.documents.get("b1")?.sessionError).to.equal("misconfigured");
  });

  it("retries a failed broadcast later", async () => {
    await ensureBroadcastSession(
      contextFor(store, new ScriptedVideo([unavailable])),
      "b1",
    );
    const video = new ScriptedVideo(["1_back"]);
    const outcome = await ensureBroadcastSession(
      contextFor(store, video),
      "b1",
    );
    expect(outcome).to.equal("attached");
    expect(store.documents.get("b1")?.sessionError).to.equal(undefined);
  });
});
