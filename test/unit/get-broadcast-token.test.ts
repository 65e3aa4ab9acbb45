import { expect } from "chai";
import functionsTest from "firebase-functions-test";
import {
  CallableRequest,
  HttpsError,
  onCall,
} from "firebase-functions/v2/https";
import {
  BroadcastTokenResult,
  TokenContext,
  createGetBroadcastTokenHandler,
} from "../../functions/src/get-broadcast-token";
import { ConfigurationError } from "../../functions/src/config";
import {
  VideoService,
  openTokVideoService,
} from "../../functions/src/video-service";
import {
  DevServer,
  startOpenTokDevServer,
} from "../../tools/opentok-dev-server";
import { MemoryBroadcastStore } from "../support/memory-broadcast-store";
import { closeNetworkExcept } from "../support/network-guard";
import { apiKey, apiSecret, decodeOpenTokToken } from "./token-fixtures";

const fft = functionsTest();
const nowMs = Date.UTC(2030, 0, 1);
const nowSeconds = nowMs / 1000;

type Caller = (request: Partial<CallableRequest<unknown>>) => Promise<unknown>;

describe("getBroadcastToken handler", () => {
  let server: DevServer;
  let openNetwork: () => void;
  let video: VideoService;
  let sessionId: string;
  let store: MemoryBroadcastStore;
  let context: TokenContext;
  let call: Caller;

  before(async () => {
    server = await startOpenTokDevServer({
      credentials: { mode: "opentok", apiKey, apiSecret },
    });
    openNetwork = closeNetworkExcept(() => [server.port]);
    video = await openTokVideoService(
      { mode: "opentok", apiKey, apiSecret, apiUrl: server.url },
      5000,
    );
    sessionId = await video.createRoutedSession();
  });

  after(async () => {
    openNetwork();
    await server.close();
    fft.cleanup();
  });

  beforeEach(() => {
    store = new MemoryBroadcastStore();
    store.put("show", { owner: "alice", name: "Show", sessionId });
    context = {
      store,
      video: () => Promise.resolve(video),
      tokenLifetimeSeconds: () => 3600,
      now: () => nowMs,
    };
    const wrapped = fft.wrap(onCall(createGetBroadcastTokenHandler(context)));
    call = (request) => wrapped(request as CallableRequest);
  });

  function request(uid: string | undefined, data: unknown) {
    return {
      data,
      auth: uid ? { uid, token: {} as never, rawToken: "unused" } : undefined,
    };
  }

  async function errorOf(promise: Promise<unknown>): Promise<HttpsError> {
    try {
      await promise;
    } catch (error) {
      expect(error).to.be.instanceOf(HttpsError);
      return error as HttpsError;
    }
    throw new Error("expected the call to fail");
  }

  it("gives the owner a publisher token", async () => {
    const result = (await call(
      request("alice", { broadcastId: "show" }),
    )) as BroadcastTokenResult;
    const claims = decodeOpenTokToken(result.token);

    expect(result.role).to.equal("publisher");
    expect(result.sessionId).to.equal(sessionId);
    expect(result.apiKey).to.equal(apiKey);
    expect(result.expireTime).to.equal(nowSeconds + 3600);
    expect(claims.role).to.equal("publisher");
    expect(claims.session_id).to.equal(sessionId);
    expect(claims.iss).to.equal(apiKey);
    expect(claims.ist).to.equal("project");
    expect(claims.scope).to.equal("session.connect");
    expect(claims.expire_time).to.equal(nowSeconds + 3600);
    expect(claims.exp).to.equal(nowSeconds + 3600);
    expect(JSON.parse(claims.connection_data)).to.deep.equal({ uid: "alice" });
  });

  it("gives a viewer a subscriber token", async () => {
    const result = (await call(
      request("bob", { broadcastId: "show" }),
    )) as BroadcastTokenResult;
    const claims = decodeOpenTokToken(result.token);

    expect(result.role).to.equal("subscriber");
    expect(claims.role).to.equal("subscriber");
    expect(claims.session_id).to.equal(sessionId);
    expect(claims.exp).to.equal(nowSeconds + 3600);
    expect(JSON.parse(claims.connection_data)).to.deep.equal({ uid: "bob" });
  });

  it("adds the display name but no email", async () => {
    const result = (await call({
      data: { broadcastId: "show" },
      auth: {
        uid: "bob",
        token: { name: "Bob", email: "bob@example.com" } as never,
        rawToken: "unused",
      },
    })) as BroadcastTokenResult;
    const claims = decodeOpenTokToken(result.token);
    expect(JSON.parse(claims.connection_data)).to.deep.equal({
      uid: "bob",
      name: "Bob",
    });
  });

  it("signs tokens with the API secret", async () => {
    const result = (await call(
      request("bob", { broadcastId: "show" }),
    )) as BroadcastTokenResult;
    expect(() => decodeOpenTokToken(result.token, "another-secret")).to.throw(
      "invalid signature",
    );
  });

  it("uses the configured lifetime", async () => {
    context.tokenLifetimeSeconds = () => 30 * 24 * 3600;
    const result = (await call(
      request("bob", { broadcastId: "show" }),
    )) as BroadcastTokenResult;
    expect(decodeOpenTokToken(result.token).exp).to.equal(
      nowSeconds + 30 * 24 * 3600,
    );
  });

  it("reads the broadcast once", async () => {
    await call(request("bob", { broadcastId: "show" }));
    expect(store.reads).to.equal(1);
    expect(store.writes).to.equal(0);
  });

  const ownerCases: [string, unknown][] = [
    ["missing", undefined],
    ["null", null],
    ["empty", ""],
    ["a number", 42],
    ["an object", { uid: "alice" }],
  ];
  for (const [name, owner] of ownerCases) {
    it(`gives no publisher token for owner ${name}`, async () => {
      store.put("odd", { owner, sessionId });
      const result = (await call(
        request("alice", { broadcastId: "odd" }),
      )) as BroadcastTokenResult;
      expect(result.role).to.equal("subscriber");
      expect(decodeOpenTokToken(result.token).role).to.equal("subscriber");
    });
  }

  it("rejects a signed-out caller", async () => {
    const error = await errorOf(
      call(request(undefined, { broadcastId: "show" })),
    );
    expect(error.code).to.equal("unauthenticated");
  });

  it("rejects a malformed broadcastId", async () => {
    const error = await errorOf(call(request("bob", { broadcastId: "a/b" })));
    expect(error.code).to.equal("invalid-argument");
  });

  it("reports an unknown broadcast", async () => {
    const error = await errorOf(call(request("bob", { broadcastId: "nope" })));
    expect(error.code).to.equal("not-found");
  });

  it("reports a session not yet attached", async () => {
    store.put("new", { owner: "alice" });
    const error = await errorOf(call(request("bob", { broadcastId: "new" })));
    expect(error.code).to.equal("failed-precondition");
    expect(error.details).to.deep.equal({ sessionStatus: "pending" });
  });

  it("reports a failed session creation", async () => {
    store.put("broken", { owner: "alice", sessionStatus: "failed" });
    const error = await errorOf(
      call(request("bob", { broadcastId: "broken" })),
    );
    expect(error.code).to.equal("failed-precondition");
    expect(error.details).to.deep.equal({ sessionStatus: "failed" });
  });

  const badSessionIds: [string, unknown][] = [
    ["a number", 7],
    ["empty", ""],
    [
      "of another API key",
      "1_" + Buffer.from("1~87654321~~x~y").toString("base64url"),
    ],
    ["not a session ID", "hello"],
    // Decodes to this API key in Latin-1 but not in the SDK's ASCII.
    ["with high-bit bytes", "1__n4xMjM0NTY3OH4"],
  ];
  for (const [name, badSessionId] of badSessionIds) {
    it(`rejects a sessionId ${name}`, async () => {
      store.put("odd", { owner: "alice", sessionId: badSessionId });
      const error = await errorOf(
        call(request("alice", { broadcastId: "odd" })),
      );
      expect(error.code).to.equal("failed-precondition");
    });
  }

  it("hides an unexpected failure", async () => {
    store.get = () => Promise.reject(new Error("firestore exploded: details"));
    const error = await errorOf(call(request("bob", { broadcastId: "show" })));
    expect(error.code).to.equal("internal");
    expect(error.message).to.not.contain("exploded");
  });

  it("hides a configuration error", async () => {
    context.video = () =>
      Promise.reject(new ConfigurationError("OPENTOK_API_KEY is missing"));
    const error = await errorOf(call(request("bob", { broadcastId: "show" })));
    expect(error.code).to.equal("internal");
    expect(error.message).to.not.contain("OPENTOK_API_KEY");
  });
});
