import { expect } from "chai";
import { TestUser, signUpAnonymousUser } from "./auth-users";
import {
  createBroadcast,
  waitForSessionId,
  waitForSessionStatus,
} from "./broadcast-fixtures";
import { CallableResponse, postCallable } from "./callable-client";
import { decodeClientToken, expectedApiKey } from "./client-tokens";
import { standIn } from "./stand-in";

// getBroadcastToken through the callable HTTP protocol exactly as the
// Firebase iOS SDK sends it, in the Functions emulator.

function expectError(
  response: CallableResponse,
  httpStatus: number,
  status: string,
): void {
  expect(response.status).to.equal(httpStatus);
  expect(response.body.result).to.equal(undefined);
  expect(response.body.error?.status).to.equal(status);
  expect(response.body.error?.message).to.be.a("string");
  expect(response.body.error?.message).to.not.match(/\n\s+at |Error:/);
}

describe("callable protocol (iOS wire format)", () => {
  let owner: TestUser;
  let viewer: TestUser;
  let broadcastId: string;
  let sessionId: string;

  before(async () => {
    owner = await signUpAnonymousUser();
    viewer = await signUpAnonymousUser();
    broadcastId = await createBroadcast(owner.uid);
    sessionId = await waitForSessionId(broadcastId);
  });

  afterEach(() => standIn().clearFaults());

  it("gives the owner a publisher token", async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await postCallable(
      "getBroadcastToken",
      { broadcastId },
      owner.idToken,
    );
    const result = response.body.result ?? {};
    const claims = decodeClientToken(result.token as string);

    expect(response.status).to.equal(200);
    expect(result.role).to.equal("publisher");
    expect(result.sessionId).to.equal(sessionId);
    expect(result.apiKey).to.equal(expectedApiKey);
    expect(result.expireTime).to.be.within(before + 3600, before + 3610);
    expect(claims.role).to.equal("publisher");
    expect(claims.session_id).to.equal(sessionId);
    expect(claims.exp).to.equal(result.expireTime);
    expect(JSON.parse(claims.connection_data)).to.deep.equal({
      uid: owner.uid,
    });
  });

  it("gives a viewer a subscriber token", async () => {
    const response = await postCallable(
      "getBroadcastToken",
      { broadcastId },
      viewer.idToken,
    );
    const result = response.body.result ?? {};
    const claims = decodeClientToken(result.token as string);

    expect(response.status).to.equal(200);
    expect(result.role).to.equal("subscriber");
    expect(claims.role).to.equal("subscriber");
    expect(claims.session_id).to.equal(sessionId);
    expect(JSON.parse(claims.connection_data)).to.deep.equal({
      uid: viewer.uid,
    });
  });

  it("rejects a call without sign-in", async () => {
    const response = await postCallable("getBroadcastToken", { broadcastId });
    expectError(response, 401, "UNAUTHENTICATED");
  });

  it("rejects a forged ID token", async () => {
    const response = await postCallable(
      "getBroadcastToken",
      { broadcastId },
      "not-a-token",
    );
    expectError(response, 401, "UNAUTHENTICATED");
  });

  const invalidData: [string, unknown][] = [
    ["no data", null],
    ["no broadcastId", {}],
    ["a numeric broadcastId", { broadcastId: 5 }],
    ["an empty broadcastId", { broadcastId: "" }],
    ["a broadcastId with a slash", { broadcastId: "a/b" }],
    ["a broadcastId over 1500 bytes", { broadcastId: "x".repeat(1501) }],
  ];
  for (const [name, data] of invalidData) {
    it(`rejects ${name}`, async () => {
      const response = await postCallable(
        "getBroadcastToken",
        data,
        viewer.idToken,
      );
      expectError(response, 400, "INVALID_ARGUMENT");
    });
  }

  it("reports an unknown broadcast", async () => {
    const response = await postCallable(
      "getBroadcastToken",
      { broadcastId: "no-such-broadcast" },
      viewer.idToken,
    );
    expectError(response, 404, "NOT_FOUND");
  });

  it("reports a session not attached yet", async () => {
    standIn().setFaults({ kind: "delay", delayMs: 3000, count: 1 });
    const pendingId = await createBroadcast(owner.uid);
    const early = await postCallable(
      "getBroadcastToken",
      { broadcastId: pendingId },
      viewer.idToken,
    );
    expectError(early, 400, "FAILED_PRECONDITION");

    await waitForSessionId(pendingId);
    const later = await postCallable(
      "getBroadcastToken",
      { broadcastId: pendingId },
      viewer.idToken,
    );
    expect(later.status).to.equal(200);
    expect(later.body.result?.role).to.equal("subscriber");
  });

  it("reports a failed session creation", async () => {
    standIn().setFaults({ kind: "error", status: 403 });
    const failedId = await createBroadcast(owner.uid);
    const data = await waitForSessionStatus(failedId, "failed");
    expect(data.sessionError).to.equal("auth-failed");
    expect(data.sessionId).to.equal(undefined);

    const response = await postCallable(
      "getBroadcastToken",
      { broadcastId: failedId },
      owner.idToken,
    );
    expectError(response, 400, "FAILED_PRECONDITION");
    expect(response.body.error?.details).to.deep.equal({
      sessionStatus: "failed",
    });
  });
});
