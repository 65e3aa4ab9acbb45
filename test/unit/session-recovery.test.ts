import { expect } from "chai";
import functionsTest from "firebase-functions-test";
import {
  CallableRequest,
  HttpsError,
  onCall,
} from "firebase-functions/v2/https";
import type { SessionCreationContext } from "../../functions/src/session-creation";
import {
  MAX_SWEPT_ATTEMPTS,
  SWEEP_TIME_BUDGET_MS,
  createRetryBroadcastSessionHandler,
  sweepUnfinishedSessions,
} from "../../functions/src/session-recovery";
import {
  VideoService,
  VideoServiceError,
} from "../../functions/src/video-service";
import { MemoryBroadcastStore } from "../support/memory-broadcast-store";

const fft = functionsTest();

/** A video service whose availability the test switches. */
class SwitchableVideo implements VideoService {
  readonly apiKey = "12345678";
  failure: VideoServiceError | undefined;
  calls = 0;

  createRoutedSession(): Promise<string> {
    this.calls++;
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(`1_session-${this.calls}`);
  }
  ownsSessionId(): boolean {
    return true;
  }
  generateToken(): string {
    throw new Error("not used here");
  }
}

describe("session recovery", () => {
  let store: MemoryBroadcastStore;
  let video: SwitchableVideo;
  let clock: number;
  let context: SessionCreationContext;

  beforeEach(() => {
    store = new MemoryBroadcastStore();
    video = new SwitchableVideo();
    clock = 1_000_000;
    context = {
      store,
      video: () => Promise.resolve(video),
      policy: {
        maxAttempts: 3,
        initialBackoffMs: 1,
        callTimeoutMs: 100,
        claimLeaseMs: 60_000,
      },
      now: () => clock,
      sleep: () => Promise.resolve(),
    };
  });

  after(() => fft.cleanup());

  describe("retryBroadcastSession", () => {
    function call(uid: string | undefined, data: unknown) {
      const wrapped = fft.wrap(
        onCall(createRetryBroadcastSessionHandler(context)),
      );
      return wrapped({
        data,
        auth: uid ? { uid, token: {} as never, rawToken: "unused" } : undefined,
      } as CallableRequest) as Promise<unknown>;
    }

    async function codeOf(promise: Promise<unknown>): Promise<string> {
      try {
        await promise;
      } catch (error) {
        expect(error).to.be.instanceOf(HttpsError);
        return (error as HttpsError).code;
      }
      throw new Error("expected the call to fail");
    }

    beforeEach(() => {
      store.put("b1", {
        owner: "alice",
        sessionStatus: "failed",
        sessionError: "unavailable",
        sessionAttempts: 3,
      });
    });

    it("attaches a session for the owner", async () => {
      expect(await call("alice", { broadcastId: "b1" })).to.deep.equal({
        sessionStatus: "ready",
      });
      expect(store.documents.get("b1")?.sessionId).to.equal("1_session-1");
    });

    it("reports the service still down", async () => {
      video.failure = new VideoServiceError("unavailable", true, "down");
      expect(await codeOf(call("alice", { broadcastId: "b1" }))).to.equal(
        "unavailable",
      );
      expect(store.documents.get("b1")?.sessionStatus).to.equal("failed");
    });

    it("reports a final failure", async () => {
      video.failure = new VideoServiceError("auth-failed", false, "key");
      expect(await codeOf(call("alice", { broadcastId: "b1" }))).to.equal(
        "failed-precondition",
      );
    });

    it("rejects anyone but the owner", async () => {
      expect(await codeOf(call("bob", { broadcastId: "b1" }))).to.equal(
        "permission-denied",
      );
      expect(video.calls).to.equal(0);
    });

    it("rejects a broadcast without owner", async () => {
      store.put("odd", { owner: null, sessionStatus: "failed" });
      expect(await codeOf(call("alice", { broadcastId: "odd" }))).to.equal(
        "permission-denied",
      );
    });

    it("rejects a signed-out caller", async () => {
      expect(await codeOf(call(undefined, { broadcastId: "b1" }))).to.equal(
        "unauthenticated",
      );
    });

    it("rejects a malformed broadcastId", async () => {
      expect(await codeOf(call("alice", { broadcastId: "" }))).to.equal(
        "invalid-argument",
      );
    });

    it("reports an unknown broadcast", async () => {
      expect(await codeOf(call("alice", { broadcastId: "none" }))).to.equal(
        "not-found",
      );
    });

    it("leaves a ready broadcast alone", async () => {
      store.put("ready", { owner: "alice", sessionId: "1_existing" });
      expect(await call("alice", { broadcastId: "ready" })).to.deep.equal({
        sessionStatus: "ready",
      });
      expect(video.calls).to.equal(0);
    });

    it("reports a run in progress", async () => {
      store.put("busy", {
        owner: "alice",
        sessionStatus: "creating",
        sessionClaimedAtMs: clock,
      });
      expect(await call("alice", { broadcastId: "busy" })).to.deep.equal({
        sessionStatus: "creating",
      });
      expect(video.calls).to.equal(0);
    });
  });

  describe("sweepUnfinishedSessions", () => {
    it("attaches failed and stalled broadcasts", async () => {
      store.put("failed", { owner: "a", sessionStatus: "failed" });
      store.put("stalled", {
        owner: "a",
        sessionStatus: "creating",
        sessionClaimedAtMs: clock - 120_000,
      });
      store.put("ready", {
        owner: "a",
        sessionId: "1_x",
        sessionStatus: "ready",
      });

      const counts = await sweepUnfinishedSessions(context);

      expect(counts).to.deep.equal({ attached: 2 });
      expect(store.documents.get("failed")?.sessionStatus).to.equal("ready");
      expect(store.documents.get("stalled")?.sessionStatus).to.equal("ready");
      expect(store.documents.get("ready")?.sessionId).to.equal("1_x");
    });

    it("skips a live claim", async () => {
      store.put("busy", {
        owner: "a",
        sessionStatus: "creating",
        sessionClaimedAtMs: clock,
      });
      expect(await sweepUnfinishedSessions(context)).to.deep.equal({
        "in-progress": 1,
      });
      expect(video.calls).to.equal(0);
    });

    it("stops at the attempt bound", async () => {
      store.put("worn", {
        owner: "a",
        sessionStatus: "failed",
        sessionAttempts: MAX_SWEPT_ATTEMPTS,
      });
      expect(await sweepUnfinishedSessions(context)).to.deep.equal({});
      expect(video.calls).to.equal(0);
    });

    it("defers work past its time budget", async () => {
      store.put("first", { owner: "a", sessionStatus: "failed" });
      store.put("second", { owner: "a", sessionStatus: "failed" });
      video.createRoutedSession = () => {
        clock += SWEEP_TIME_BUDGET_MS + 1;
        return Promise.resolve("1_slow");
      };
      expect(await sweepUnfinishedSessions(context)).to.deep.equal({
        attached: 1,
        deferred: 1,
      });
    });

    it("counts a failure again", async () => {
      video.failure = new VideoServiceError("unavailable", true, "down");
      store.put("failed", { owner: "a", sessionStatus: "failed" });
      expect(await sweepUnfinishedSessions(context)).to.deep.equal({
        failed: 1,
      });
      expect(store.documents.get("failed")?.sessionAttempts).to.equal(3);
    });
  });
});
