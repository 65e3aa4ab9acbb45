import { expect } from "chai";
import { TestUser, signUpAnonymousUser } from "./auth-users";
import { createBroadcast, waitForSessionStatus } from "./broadcast-fixtures";
import { postCallable } from "./callable-client";
import { loadFunctionsInProcess } from "./emulator-env";
import { standIn } from "./stand-in";

// A broadcast whose session creation failed while OpenTok was down gets its
// session once OpenTok is back. The owner's retry callable runs in the
// Functions emulator. The scheduled sweep runs in this process against the
// same emulator, because the Functions emulator runs no schedules without
// the Pub/Sub emulator.

async function loadSweep(): Promise<() => Promise<void>> {
  const { sweepBroadcastSessions } = await loadFunctionsInProcess();
  return async () => {
    await sweepBroadcastSessions.run({
      scheduleTime: new Date().toISOString(),
    });
  };
}

describe("session recovery", () => {
  let owner: TestUser;
  let viewer: TestUser;

  before(async () => {
    owner = await signUpAnonymousUser();
    viewer = await signUpAnonymousUser();
  });

  afterEach(() => standIn().clearFaults());

  async function failedBroadcast(): Promise<string> {
    standIn().setFaults({ kind: "error", status: 503 });
    const broadcastId = await createBroadcast(owner.uid);
    await waitForSessionStatus(broadcastId, "failed");
    return broadcastId;
  }

  it("retries for the owner once OpenTok is back", async () => {
    const broadcastId = await failedBroadcast();

    const whileDown = await postCallable(
      "retryBroadcastSession",
      { broadcastId },
      owner.idToken,
    );
    expect(whileDown.body.error?.status).to.equal("UNAVAILABLE");

    const tokenWhileDown = await postCallable(
      "getBroadcastToken",
      { broadcastId },
      viewer.idToken,
    );
    expect(tokenWhileDown.body.error?.status).to.equal("FAILED_PRECONDITION");

    standIn().clearFaults();
    const retried = await postCallable(
      "retryBroadcastSession",
      { broadcastId },
      owner.idToken,
    );
    expect(retried.body.result).to.deep.equal({ sessionStatus: "ready" });

    const token = await postCallable(
      "getBroadcastToken",
      { broadcastId },
      viewer.idToken,
    );
    expect(token.body.result?.role).to.equal("subscriber");
  });

  it("refuses a retry by a viewer", async () => {
    const broadcastId = await failedBroadcast();
    standIn().clearFaults();
    const response = await postCallable(
      "retryBroadcastSession",
      { broadcastId },
      viewer.idToken,
    );
    expect(response.status).to.equal(403);
    expect(response.body.error?.status).to.equal("PERMISSION_DENIED");
  });

  it("sweeps failed broadcasts", async () => {
    const sweep = await loadSweep();
    const broadcastId = await failedBroadcast();

    standIn().clearFaults();
    await sweep();

    const data = await waitForSessionStatus(broadcastId, "ready");
    expect(data.sessionId).to.be.a("string");
    expect(data.sessionAttempts).to.equal(4);
  });
});
