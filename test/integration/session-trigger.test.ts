import { expect } from "chai";
import functionsTest from "firebase-functions-test";
import { adminFirestore } from "./admin";
import {
  createBroadcast,
  readBroadcast,
  waitForSessionId,
  waitForSessionStatus,
} from "./broadcast-fixtures";
import { loadFunctionsInProcess } from "./emulator-env";
import { standIn, waitFor } from "./stand-in";

// The Firestore trigger as the emulator delivers it, plus extra deliveries
// of the same event made in this process with firebase-functions-test,
// which run the same exported function against the same emulator.

const fft = functionsTest();

type Trigger = (event: { params: { broadcastId: string } }) => Promise<void>;

async function loadTrigger(): Promise<Trigger> {
  const { createBroadcastSession } = await loadFunctionsInProcess();
  return fft.wrap(createBroadcastSession);
}

function sessionCalls(): number {
  return standIn().stats().total;
}

describe("session trigger", () => {
  let deliver: Trigger;

  before(async () => {
    deliver = await loadTrigger();
  });

  afterEach(() => standIn().clearFaults());
  after(() => fft.cleanup());

  it("attaches a routed session", async () => {
    const callsBefore = sessionCalls();
    const broadcastId = await createBroadcast("owner-1");
    const data = await waitForSessionStatus(broadcastId, "ready");

    expect(data.sessionId).to.be.a("string");
    expect(standIn().stats().sessionIds).to.include(data.sessionId);
    expect(data.sessionAttempts).to.equal(1);
    expect(data.sessionError).to.equal(undefined);
    expect(sessionCalls() - callsBefore).to.equal(1);
  });

  it("ignores a duplicate event", async () => {
    const broadcastId = await createBroadcast("owner-1");
    const sessionId = await waitForSessionId(broadcastId);
    const callsBefore = sessionCalls();

    await deliver({ params: { broadcastId } });
    await deliver({ params: { broadcastId } });

    expect((await readBroadcast(broadcastId))?.sessionId).to.equal(sessionId);
    expect(sessionCalls()).to.equal(callsBefore);
  });

  it("runs once for concurrent deliveries", async () => {
    standIn().setFaults({ kind: "delay", delayMs: 1500, count: 3 });
    const callsBefore = sessionCalls();
    const broadcastId = await createBroadcast("owner-1");

    await Promise.all([
      deliver({ params: { broadcastId } }),
      deliver({ params: { broadcastId } }),
    ]);
    const sessionId = await waitForSessionId(broadcastId);

    expect(sessionCalls() - callsBefore).to.equal(1);
    expect(standIn().stats().sessionIds).to.include(sessionId);
  });

  it("retries a server error", async () => {
    standIn().setFaults({ kind: "error", status: 503, count: 2 });
    const broadcastId = await createBroadcast("owner-1");
    const data = await waitForSessionStatus(broadcastId, "ready");

    expect(data.sessionAttempts).to.equal(3);
    expect(data.sessionId).to.be.a("string");
  });

  it("gives up after three failures", async () => {
    standIn().setFaults({ kind: "error", status: 500, count: 3 });
    const broadcastId = await createBroadcast("owner-1");
    const data = await waitForSessionStatus(broadcastId, "failed");

    expect(data.sessionError).to.equal("unavailable");
    expect(data.sessionAttempts).to.equal(3);
    expect(data.sessionId).to.equal(undefined);
  });

  it("leaves a deleted broadcast deleted", async () => {
    standIn().setFaults({ kind: "delay", delayMs: 1500, count: 1 });
    const succeededBefore = standIn().stats().succeeded;
    const broadcastId = await createBroadcast("owner-1");
    // The delay fault is used up once the trigger's call has reached it.
    await waitFor("the session call to start", () =>
      Promise.resolve(standIn().faults().length === 0 ? true : undefined),
    );
    await adminFirestore().doc(`broadcasts/${broadcastId}`).delete();

    await waitFor("the delayed session to be created", () =>
      Promise.resolve(
        standIn().stats().succeeded > succeededBefore ? true : undefined,
      ),
    );
    // The trigger writes right after the response, so give it time to do so.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await readBroadcast(broadcastId)).to.equal(undefined);
  });
});
