import { expect } from "chai";
import { generateKeyPairSync } from "node:crypto";
import functionsTest from "firebase-functions-test";
import jwt from "jsonwebtoken";
import { CallableRequest, onCall } from "firebase-functions/v2/https";
import {
  BroadcastTokenResult,
  createGetBroadcastTokenHandler,
} from "../../functions/src/get-broadcast-token";
import {
  VideoService,
  apiKeyOfSessionId,
  openTokVideoService,
} from "../../functions/src/video-service";
import {
  DevServer,
  startOpenTokDevServer,
} from "../../tools/opentok-dev-server";
import { MemoryBroadcastStore } from "../support/memory-broadcast-store";
import { closeNetworkExcept } from "../support/network-guard";
import { recordIssuedToken } from "../support/issued-tokens";

// The backend with Vonage application credentials: the opentok SDK signs
// RS256 tokens with the private key and ignores its own expireTime option
// and role checks in this mode, so each claim is checked here.

const fft = functionsTest();
const applicationId = "00000000-0000-4000-8000-0000000000aa";
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const privateKey = keys.privateKey
  .export({ type: "pkcs8", format: "pem" })
  .toString();
const publicKey = keys.publicKey
  .export({ type: "spki", format: "pem" })
  .toString();
const nowMs = Date.UTC(2030, 0, 1);
const nowSeconds = nowMs / 1000;

interface VonageClaims {
  application_id: string;
  session_id: string;
  role: string;
  exp: number;
  connection_data: string;
  scope: string;
  sub: string;
}

function decodeVonageToken(token: string): VonageClaims {
  recordIssuedToken(token);
  return jwt.verify(token, publicKey, {
    algorithms: ["RS256"],
    clockTimestamp: nowSeconds,
  }) as VonageClaims;
}

describe("Vonage mode", () => {
  let server: DevServer;
  let openNetwork: () => void;
  let video: VideoService;
  let sessionId: string;
  let issue: (uid: string) => Promise<BroadcastTokenResult>;

  before(async () => {
    server = await startOpenTokDevServer({
      credentials: { mode: "vonage", applicationId, publicKey },
    });
    openNetwork = closeNetworkExcept(() => [server.port]);
    video = await openTokVideoService(
      {
        mode: "vonage",
        apiKey: applicationId,
        apiSecret: privateKey,
        apiUrl: server.url,
      },
      5000,
    );
    sessionId = await video.createRoutedSession();

    const store = new MemoryBroadcastStore();
    store.put("show", { owner: "alice", sessionId });
    const wrapped = fft.wrap(
      onCall(
        createGetBroadcastTokenHandler({
          store,
          video: () => Promise.resolve(video),
          tokenLifetimeSeconds: () => 7200,
          now: () => nowMs,
        }),
      ),
    );
    issue = async (uid) =>
      await wrapped({
        data: { broadcastId: "show" },
        auth: { uid, token: { name: "Ada" } as never, rawToken: "unused" },
      } as unknown as CallableRequest);
  });

  after(async () => {
    openNetwork();
    await server.close();
    fft.cleanup();
  });

  it("creates a session for the application", () => {
    expect(apiKeyOfSessionId(sessionId)).to.equal(applicationId);
    expect(server.stats().succeeded).to.equal(1);
  });

  it("gives the owner a publisher token", async () => {
    const result = await issue("alice");
    const claims = decodeVonageToken(result.token);

    expect(result.apiKey).to.equal(applicationId);
    expect(result.role).to.equal("publisher");
    expect(result.expireTime).to.equal(nowSeconds + 7200);
    expect(claims.application_id).to.equal(applicationId);
    expect(claims.session_id).to.equal(sessionId);
    expect(claims.role).to.equal("publisher");
    expect(claims.scope).to.equal("session.connect");
    expect(claims.sub).to.equal("video");
    expect(claims.exp).to.equal(nowSeconds + 7200);
    expect(JSON.parse(claims.connection_data)).to.deep.equal({
      uid: "alice",
      name: "Ada",
    });
  });

  it("gives a viewer a subscriber token", async () => {
    const result = await issue("bob");
    const claims = decodeVonageToken(result.token);

    expect(result.role).to.equal("subscriber");
    expect(claims.role).to.equal("subscriber");
    expect(claims.exp).to.equal(nowSeconds + 7200);
    expect(JSON.parse(claims.connection_data)).to.deep.equal({
      uid: "bob",
      name: "Ada",
    });
  });

  it("rejects a wrong private key", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const wrong = await openTokVideoService(
      {
        mode: "vonage",
        apiKey: applicationId,
        apiSecret: other,
        apiUrl: server.url,
      },
      5000,
    );
    try {
      await wrong.createRoutedSession();
      expect.fail("expected the stand-in to reject the key");
    } catch (error) {
      expect((error as { code?: string }).code).to.equal("auth-failed");
    }
  });
});
