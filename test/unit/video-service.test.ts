import { expect } from "chai";
import {
  VideoServiceError,
  apiKeyOfSessionId,
  openTokVideoService,
} from "../../functions/src/video-service";
import {
  DevServer,
  startOpenTokDevServer,
} from "../../tools/opentok-dev-server";
import { closeNetworkExcept } from "../support/network-guard";
import { apiKey, apiSecret } from "./token-fixtures";

async function failureOf(
  promise: Promise<unknown>,
): Promise<VideoServiceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(VideoServiceError);
    return error as VideoServiceError;
  }
  throw new Error("expected the call to fail");
}

describe("OpenTok video service", () => {
  let server: DevServer;
  let openNetwork: () => void;
  const callTimeoutMs = 500;

  before(async () => {
    server = await startOpenTokDevServer({
      credentials: { mode: "opentok", apiKey, apiSecret },
    });
    openNetwork = closeNetworkExcept(() => [server.port]);
  });

  after(async () => {
    openNetwork();
    await server.close();
  });

  beforeEach(() => server.reset());

  function service(secret = apiSecret, url = server.url) {
    return openTokVideoService(
      { mode: "opentok", apiKey, apiSecret: secret, apiUrl: url },
      callTimeoutMs,
    );
  }

  it("creates a routed session for its key", async () => {
    const sessionId = await (await service()).createRoutedSession();
    expect(apiKeyOfSessionId(sessionId)).to.equal(apiKey);
    expect(server.stats().sessionIds).to.deep.equal([sessionId]);
  });

  it("reports rejected credentials as final", async () => {
    const failure = await failureOf(
      (await service("wrong-secret")).createRoutedSession(),
    );
    expect(failure.code).to.equal("auth-failed");
    expect(failure.retryable).to.equal(false);
  });

  const faults = [
    {
      name: "a 500 answer",
      spec: { kind: "error", status: 500 },
      code: "unavailable",
    },
    {
      name: "a 503 answer",
      spec: { kind: "error", status: 503 },
      code: "unavailable",
    },
    {
      name: "a slow answer",
      spec: { kind: "delay", delayMs: 2000 },
      code: "unavailable",
    },
    {
      name: "a closed connection",
      spec: { kind: "close-connection" },
      code: "unavailable",
    },
    {
      name: "an empty body",
      spec: { kind: "empty-body" },
      code: "invalid-response",
    },
    {
      name: "a malformed body",
      spec: { kind: "malformed-body" },
      code: "invalid-response",
    },
    {
      name: "no session ID",
      spec: { kind: "missing-session-id" },
      code: "invalid-response",
    },
  ] as const;
  for (const { name, spec, code } of faults) {
    it(`retries after ${name}`, async () => {
      server.setFaults({ ...spec, count: 1 });
      const failure = await failureOf((await service()).createRoutedSession());
      expect(failure.code).to.equal(code);
      expect(failure.retryable).to.equal(true);
    });
  }

  it("reports a refused connection", async () => {
    const closed = await startOpenTokDevServer({
      credentials: { mode: "opentok", apiKey, apiSecret },
    });
    const url = closed.url;
    await closed.close();
    const failure = await failureOf(
      (await service(apiSecret, url)).createRoutedSession(),
    );
    expect(failure.code).to.equal("unavailable");
  });

  it("keeps upstream text out of errors", async () => {
    server.setFaults({
      kind: "error",
      status: 500,
      body: { message: "upstream secret detail" },
      count: 1,
    });
    const failure = await failureOf((await service()).createRoutedSession());
    expect(failure.message).to.not.contain("upstream secret detail");
  });
});

describe("apiKeyOfSessionId", () => {
  const encode = (fields: string) =>
    "1_" + Buffer.from(fields).toString("base64url");

  it("reads the key field", () => {
    expect(apiKeyOfSessionId(encode("1~12345678~~now~abc~"))).to.equal(
      "12345678",
    );
  });

  const invalid = ["", "1_", "3_" + "MX4x", "hello", "1_a b", encode("1")];
  for (const sessionId of invalid) {
    it(`rejects "${sessionId}"`, () => {
      expect(apiKeyOfSessionId(sessionId)).to.equal(undefined);
    });
  }
});
