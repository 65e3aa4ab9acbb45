import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import {
  createHmac,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
} from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import jwt from "jsonwebtoken";
import {
  startOpenTokDevServer,
  type DevServer,
} from "../../tools/opentok-dev-server";

// The `opentok` package ships no type declarations, so the test types the
// part of its API that it uses.
interface OpenTokSession {
  sessionId: string | undefined;
}
interface SessionOptions {
  mediaMode?: "routed" | "relayed";
  archiveMode?: "manual" | "always";
  location?: string;
}
interface OpenTokClient {
  createSession(
    options: SessionOptions,
    callback: (error: Error | null, session?: OpenTokSession) => void,
  ): void;
  generateToken(sessionId: string, options?: { role?: string }): string;
}
type OpenTokConstructor = new (
  apiKey: string,
  apiSecret: string,
  env?: { apiUrl?: string; timeout?: number },
) => OpenTokClient;

const OpenTok = createRequire(__filename)("opentok") as OpenTokConstructor;

const API_KEY = "47000001";
const OTHER_API_KEY = "47000002";
const API_SECRET = randomBytes(20).toString("hex");
const ROUTED_FORM = "archiveMode=manual&p2p.preference=disabled";

interface CreateResult {
  error: Error | null;
  session?: OpenTokSession;
}

function createSession(
  client: OpenTokClient,
  options: SessionOptions = { mediaMode: "routed" },
): Promise<CreateResult> {
  return new Promise((resolve) => {
    client.createSession(options, (error, session) =>
      resolve({ error, session }),
    );
  });
}

/** Decodes a session ID the way the SDK's decodeSessionId() does. */
function sessionIdFields(sessionId: string): string[] {
  const base64 = sessionId.slice(2).replace(/-/g, "+").replace(/_/g, "/");
  return Buffer.from(base64, "base64").toString("ascii").split("~");
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Signs an OpenTok REST JWT. A claim set to undefined is left out. */
function openTokJwt(
  claims: Record<string, unknown> = {},
  secret = API_SECRET,
): string {
  const now = nowSeconds();
  const payload: Record<string, unknown> = {
    iss: API_KEY,
    ist: "project",
    iat: now,
    exp: now + 180,
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) {
      delete payload[name];
    }
  }
  return jwt.sign(payload, secret, { algorithm: "HS256" });
}

/** Builds a JWT by hand, for algorithms that jsonwebtoken refuses to sign. */
function handMadeJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  sign: (signingInput: string) => Buffer,
): string {
  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString("base64url");
  const signingInput = `${encode(header)}.${encode(claims)}`;
  return `${signingInput}.${sign(signingInput).toString("base64url")}`;
}

interface RawResponse {
  status: number;
  contentType: string | null;
  body: unknown;
}

async function post(
  url: string,
  headers: Record<string, string>,
  body = ROUTED_FORM,
  contentType = "application/x-www-form-urlencoded",
): Promise<RawResponse> {
  const response = await fetch(`${url}/session/create`, {
    method: "POST",
    headers: { "Content-Type": contentType, ...headers },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body: text === "" ? undefined : JSON.parse(text),
  };
}

async function request(
  url: string,
  method: string,
  path: string,
  json?: unknown,
): Promise<RawResponse> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: json === undefined ? {} : { "Content-Type": "application/json" },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body: await response.json(),
  };
}

function messageOf(body: unknown): unknown {
  return (body as { message?: unknown }).message;
}

describe("opentok dev server, OpenTok mode", () => {
  let server: DevServer;
  let client: OpenTokClient;

  before(async () => {
    server = await startOpenTokDevServer({
      host: "127.0.0.1",
      port: 0,
      credentials: { mode: "opentok", apiKey: API_KEY, apiSecret: API_SECRET },
    });
    client = new OpenTok(API_KEY, API_SECRET, {
      apiUrl: server.url,
      timeout: 5000,
    });
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
  });

  it("routed session accepted by generateToken", async () => {
    const { error, session } = await createSession(client);
    expect(error).to.equal(null);
    const sessionId = session?.sessionId ?? "";
    expect(sessionId).to.match(/^2_[A-Za-z0-9_-]+$/);
    const fields = sessionIdFields(sessionId);
    expect(fields[1]).to.equal(API_KEY);
    expect(fields[5]).to.equal("");
    const token = client.generateToken(sessionId, { role: "publisher" });
    const claims = jwt.decode(token) as Record<string, unknown>;
    expect(claims.session_id).to.equal(sessionId);
    expect(claims.role).to.equal("publisher");
  });

  it("relayed session accepted by generateToken", async () => {
    const { error, session } = await createSession(client, {
      mediaMode: "relayed",
    });
    expect(error).to.equal(null);
    const sessionId = session?.sessionId ?? "";
    expect(sessionIdFields(sessionId)[5]).to.equal("P");
    const token = client.generateToken(sessionId, { role: "subscriber" });
    const claims = jwt.decode(token) as Record<string, unknown>;
    expect(claims.session_id).to.equal(sessionId);
  });

  it("session IDs unique per call", async () => {
    const first = await createSession(client);
    const second = await createSession(client);
    expect(first.session?.sessionId).to.be.a("string");
    expect(second.session?.sessionId).to.be.a("string");
    expect(first.session?.sessionId).to.not.equal(second.session?.sessionId);
  });

  it("location hint stored in session ID", async () => {
    const { session } = await createSession(client, {
      mediaMode: "routed",
      location: "203.0.113.7",
    });
    expect(sessionIdFields(session?.sessionId ?? "")[2]).to.equal(
      "203.0.113.7",
    );
  });

  it("other API key cannot generate token", async () => {
    const { session } = await createSession(client);
    const other = new OpenTok(OTHER_API_KEY, API_SECRET, {
      apiUrl: server.url,
    });
    const sessionId = session?.sessionId ?? "";
    expect(() => other.generateToken(sessionId)).to.throw(
      /session belongs to the API Key/,
    );
  });

  it("SDK with wrong secret rejected", async () => {
    const wrong = new OpenTok(API_KEY, "not-the-secret", {
      apiUrl: server.url,
    });
    const { error, session } = await createSession(wrong);
    expect(error?.message).to.include("Invalid API key or secret");
    expect(session).to.equal(undefined);
    expect(server.stats().rejected).to.equal(1);
  });

  it("SDK with unknown API key rejected", async () => {
    const wrong = new OpenTok(OTHER_API_KEY, API_SECRET, {
      apiUrl: server.url,
    });
    const { error } = await createSession(wrong);
    expect(error?.message).to.include("Invalid API key or secret");
  });

  it("success answer has real shape", async () => {
    const response = await post(server.url, { "X-OPENTOK-AUTH": openTokJwt() });
    expect(response.status).to.equal(200);
    expect(response.contentType).to.equal("application/json");
    const body = response.body as Record<string, unknown>[];
    expect(body).to.have.length(1);
    expect(Object.keys(body[0])).to.have.members([
      "session_id",
      "project_id",
      "partner_id",
      "create_dt",
      "media_server_url",
    ]);
    expect(body[0].project_id).to.equal(API_KEY);
    expect(body[0].partner_id).to.equal(API_KEY);
    expect(body[0].media_server_url).to.equal("");
    expect(body[0].create_dt).to.match(
      /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/,
    );
  });

  it("archiveMode always with routed accepted", async () => {
    const { error, session } = await createSession(client, {
      mediaMode: "routed",
      archiveMode: "always",
    });
    expect(error).to.equal(null);
    expect(session?.sessionId).to.be.a("string");
  });
});

describe("opentok dev server, JWT checks", () => {
  let server: DevServer;

  before(async () => {
    server = await startOpenTokDevServer({
      credentials: { mode: "opentok", apiKey: API_KEY, apiSecret: API_SECRET },
    });
  });

  after(async () => {
    await server.close();
  });

  const now = nowSeconds();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const rejectedTokens: {
    name: string;
    token: () => string;
    message: string;
  }[] = [
    {
      name: "expired token",
      token: () => openTokJwt({ iat: now - 600, exp: now - 300 }),
      message: "Token expired",
    },
    {
      name: "unknown numeric issuer",
      token: () => openTokJwt({ iss: OTHER_API_KEY }),
      message: "Issuer not found",
    },
    {
      name: "non-numeric issuer",
      token: () => openTokJwt({ iss: "someone" }),
      message: "Invalid issuer format",
    },
    {
      name: "wrong secret",
      token: () => openTokJwt({}, "not-the-secret"),
      message: "Invalid signature",
    },
    {
      name: "alg none",
      token: () =>
        handMadeJwt(
          { alg: "none", typ: "JWT" },
          { iss: API_KEY, ist: "project", iat: now, exp: now + 180 },
          () => Buffer.alloc(0),
        ),
      message: "Invalid signature",
    },
    {
      name: "RS256 instead of HS256",
      token: () =>
        jwt.sign(
          { iss: API_KEY, ist: "project", iat: now, exp: now + 180 },
          privateKey,
          { algorithm: "RS256" },
        ),
      message: "Invalid signature",
    },
    {
      name: "ist account",
      token: () => openTokJwt({ ist: "account" }),
      message: "Invalid signature",
    },
    {
      name: "iat in future",
      token: () => openTokJwt({ iat: now + 120, exp: now + 300 }),
      message: "issued time cannot be greater than current time",
    },
    {
      name: "lifetime over 5 minutes",
      token: () => openTokJwt({ iat: now, exp: now + 600 }),
      message: "Token expiration time exceeds 5 minutes",
    },
    {
      name: "missing exp",
      token: () => openTokJwt({ exp: undefined }),
      message: "Invalid token format",
    },
    {
      name: "garbage token",
      token: () => "not.a.jwt",
      message: "Invalid token format",
    },
  ];

  for (const { name, token, message } of rejectedTokens) {
    it(`rejects ${name}`, async () => {
      const response = await post(server.url, {
        "X-OPENTOK-AUTH": token(),
      });
      expect(response.status).to.equal(403);
      expect(response.body).to.deep.equal({
        code: -1,
        message,
        description: message,
      });
    });
  }

  it("rejects missing auth header", async () => {
    const response = await post(server.url, {});
    expect(response.status).to.equal(403);
    expect(messageOf(response.body)).to.equal(
      "No suitable authentication found",
    );
  });

  it("accepts small clock skew", async () => {
    const token = openTokJwt({ iat: now + 2, exp: now + 180 });
    const response = await post(server.url, { "X-OPENTOK-AUTH": token });
    expect(response.status).to.equal(200);
  });

  it("rejected call counted as rejected", async () => {
    server.reset();
    await post(server.url, { "X-OPENTOK-AUTH": openTokJwt({ ist: "x" }) });
    const stats = server.stats();
    expect(stats.total).to.equal(1);
    expect(stats.rejected).to.equal(1);
    expect(stats.succeeded).to.equal(0);
  });
});

describe("opentok dev server, body validation", () => {
  let server: DevServer;
  const auth = () => ({ "X-OPENTOK-AUTH": openTokJwt() });

  before(async () => {
    server = await startOpenTokDevServer({
      credentials: { mode: "opentok", apiKey: API_KEY, apiSecret: API_SECRET },
    });
  });

  after(async () => {
    await server.close();
  });

  const invalidForms = [
    ["unknown p2p.preference", "p2p.preference=maybe", /p2p\.preference/],
    [
      "always archive in relayed session",
      "archiveMode=always&p2p.preference=enabled",
      /archiveMode=always requires/,
    ],
    ["unknown archiveMode", "archiveMode=sometimes", /archiveMode/],
    ["location not IPv4", "location=example.com", /location/],
    ["invalid e2ee", "e2ee=maybe", /e2ee/],
    [
      "archiveName without always",
      "archiveMode=manual&archiveName=x",
      /require archiveMode=always/,
    ],
    [
      "repeated parameter",
      "p2p.preference=enabled&p2p.preference=disabled",
      /at most once/,
    ],
  ] as const;

  for (const [name, form, pattern] of invalidForms) {
    it(`rejects ${name} with 400`, async () => {
      const response = await post(server.url, auth(), form);
      expect(response.status).to.equal(400);
      expect(messageOf(response.body)).to.match(pattern);
    });
  }

  it("missing p2p.preference defaults to routed", async () => {
    const response = await post(server.url, auth(), "");
    expect(response.status).to.equal(200);
    const [record] = response.body as { session_id: string }[];
    expect(sessionIdFields(record.session_id)[5]).to.equal("");
  });

  it("rejects JSON content type with 415", async () => {
    const body = JSON.stringify({ "p2p.preference": "enabled" });
    const response = await post(server.url, auth(), body, "application/json");
    expect(response.status).to.equal(415);
  });

  it("rejects oversized body with 413", async () => {
    const body = `archiveName=${"x".repeat(70 * 1024)}`;
    const response = await post(server.url, auth(), body);
    expect(response.status).to.equal(413);
  });

  it("auth checked before body", async () => {
    const response = await post(server.url, {}, "p2p.preference=maybe");
    expect(response.status).to.equal(403);
  });

  it("rejects GET session create with 405", async () => {
    const response = await fetch(`${server.url}/session/create`);
    expect(response.status).to.equal(405);
    expect(response.headers.get("allow")).to.equal("POST");
  });

  it("unknown path answers 404 JSON", async () => {
    const response = await request(server.url, "GET", "/v2/project/1/x");
    expect(response.status).to.equal(404);
    expect(response.contentType).to.equal("application/json");
    expect(messageOf(response.body)).to.include("/v2/project/1/x");
  });
});

describe("opentok dev server, faults", () => {
  let server: DevServer;
  let client: OpenTokClient;

  before(async () => {
    server = await startOpenTokDevServer({
      credentials: { mode: "opentok", apiKey: API_KEY, apiSecret: API_SECRET },
    });
    client = new OpenTok(API_KEY, API_SECRET, { apiUrl: server.url });
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
  });

  it("error fault reaches SDK callback", async () => {
    server.setFaults({
      kind: "error",
      status: 500,
      body: { message: "injected outage" },
      count: 1,
    });
    const failed = await createSession(client);
    expect(failed.error?.message).to.include("injected outage");
    const next = await createSession(client);
    expect(next.error).to.equal(null);
  });

  it("error fault 403 looks like auth error", async () => {
    server.setFaults({ kind: "error", status: 403, count: 1 });
    const { error } = await createSession(client);
    expect(error?.message).to.include("Invalid API key or secret");
  });

  it("fault count limits affected calls", async () => {
    server.setFaults({ kind: "error", status: 503, count: 2 });
    const results = [
      await createSession(client),
      await createSession(client),
      await createSession(client),
    ];
    expect(results[0].error).to.be.instanceOf(Error);
    expect(results[1].error).to.be.instanceOf(Error);
    expect(results[2].error).to.equal(null);
  });

  it("fault without count lasts until cleared", async () => {
    server.setFaults({ kind: "error", status: 500 });
    for (let call = 0; call < 3; call += 1) {
      const { error } = await createSession(client);
      expect(error, `call ${call}`).to.be.instanceOf(Error);
    }
    server.clearFaults();
    const { error } = await createSession(client);
    expect(error).to.equal(null);
  });

  it("delay fault delays success", async () => {
    server.setFaults({ kind: "delay", delayMs: 300, count: 1 });
    const started = Date.now();
    const { error } = await createSession(client);
    expect(error).to.equal(null);
    expect(Date.now() - started).to.be.at.least(295);
    expect(server.stats().succeeded).to.equal(1);
  });

  it("empty body fails SDK call", async () => {
    server.setFaults({ kind: "empty-body", count: 1 });
    const { error, session } = await createSession(client);
    expect(error?.message).to.include("Failed to createSession");
    expect(session).to.equal(undefined);
  });

  it("malformed body fails SDK call", async () => {
    server.setFaults({ kind: "malformed-body", count: 1 });
    const { error } = await createSession(client);
    expect(error?.message).to.include("SyntaxError");
  });

  it("missing session id yields undefined id", async () => {
    // The SDK reports no error here, so callers must check sessionId.
    server.setFaults({ kind: "missing-session-id", count: 1 });
    const { error, session } = await createSession(client);
    expect(error).to.equal(null);
    expect(session?.sessionId).to.equal(undefined);
  });

  it("closed connection fails SDK call", async () => {
    server.setFaults({ kind: "close-connection", count: 1 });
    const { error } = await createSession(client);
    expect(error?.message).to.include("socket hang up");
  });

  it("faults apply in order", async () => {
    server.setFaults([
      { kind: "empty-body", count: 1 },
      { kind: "error", status: 502, body: { message: "second" }, count: 1 },
    ]);
    const first = await createSession(client);
    const second = await createSession(client);
    const third = await createSession(client);
    expect(first.error?.message).to.include("TypeError");
    expect(second.error?.message).to.include("second");
    expect(third.error).to.equal(null);
  });

  it("invalid fault specs throw", () => {
    expect(() => server.setFaults({ kind: "error", status: 200 })).to.throw(
      /status/,
    );
    expect(() =>
      server.setFaults({ kind: "delay", delayMs: 10 * 60 * 1000 }),
    ).to.throw(/delayMs/);
    expect(() => server.setFaults({ kind: "empty-body", count: 0 })).to.throw(
      /count/,
    );
  });

  it("HTTP control sets and clears faults", async () => {
    const set = await request(server.url, "POST", "/_dev/faults", {
      kind: "error",
      status: 500,
      body: { message: "from control endpoint" },
    });
    expect(set.status).to.equal(200);
    const failed = await createSession(client);
    expect(failed.error?.message).to.include("from control endpoint");
    const listed = await request(server.url, "GET", "/_dev/faults");
    expect((listed.body as { faults: unknown[] }).faults).to.have.length(1);
    const cleared = await request(server.url, "DELETE", "/_dev/faults");
    expect(cleared.status).to.equal(200);
    const next = await createSession(client);
    expect(next.error).to.equal(null);
  });

  it("HTTP control rejects invalid fault", async () => {
    const response = await request(server.url, "POST", "/_dev/faults", {
      kind: "explode",
    });
    expect(response.status).to.equal(400);
    expect(messageOf(response.body)).to.include("kind");
  });

  it("HTTP stats and reset", async () => {
    await createSession(client);
    const stats = await request(server.url, "GET", "/_dev/stats");
    expect((stats.body as { succeeded: number }).succeeded).to.equal(1);
    const reset = await request(server.url, "POST", "/_dev/reset");
    expect((reset.body as { total: number }).total).to.equal(0);
    expect(server.stats().sessionIds).to.deep.equal([]);
  });
});

describe("opentok dev server, stats", () => {
  let server: DevServer;

  before(async () => {
    server = await startOpenTokDevServer({
      credentials: { mode: "opentok", apiKey: API_KEY, apiSecret: API_SECRET },
    });
  });

  after(async () => {
    await server.close();
  });

  it("counts calls by outcome", async () => {
    const client = new OpenTok(API_KEY, API_SECRET, { apiUrl: server.url });
    const wrong = new OpenTok(API_KEY, "not-the-secret", {
      apiUrl: server.url,
    });
    const first = await createSession(client);
    const second = await createSession(client);
    await createSession(wrong);
    server.setFaults({ kind: "close-connection", count: 1 });
    await createSession(client);

    const stats = server.stats();
    expect(stats.total).to.equal(4);
    expect(stats.succeeded).to.equal(2);
    expect(stats.rejected).to.equal(1);
    expect(stats.faulted).to.equal(1);
    expect(stats.sessionIds).to.deep.equal([
      first.session?.sessionId,
      second.session?.sessionId,
    ]);

    server.reset();
    expect(server.stats().total).to.equal(0);
    expect(server.stats().sessionIds).to.deep.equal([]);
  });

  it("close ends delayed calls", async () => {
    const client = new OpenTok(API_KEY, API_SECRET, { apiUrl: server.url });
    server.setFaults({ kind: "delay", delayMs: 30_000 });
    const pending = createSession(client);
    for (let wait = 0; server.stats().total === 0 && wait < 100; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(server.stats().total).to.equal(1);
    await server.close();
    const { error } = await pending;
    expect(error?.message).to.include("socket hang up");
  });
});

describe("opentok dev server, Vonage mode", () => {
  const applicationId = randomUUID();
  const keyPair = () =>
    generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
  const { publicKey, privateKey } = keyPair();
  let server: DevServer;

  const vonageJwt = (claims: Record<string, unknown> = {}) => {
    const now = nowSeconds();
    const payload = {
      iss: applicationId,
      ist: "project",
      iat: now,
      exp: now + 300,
      application_id: applicationId,
      jti: randomUUID(),
    };
    return jwt.sign({ ...payload, ...claims }, privateKey, {
      algorithm: "RS256",
    });
  };

  before(async () => {
    server = await startOpenTokDevServer({
      credentials: { mode: "vonage", applicationId, publicKey },
    });
  });

  after(async () => {
    await server.close();
  });

  it("SDK creates session with private key", async () => {
    const client = new OpenTok(applicationId, privateKey, {
      apiUrl: server.url,
    });
    const { error, session } = await createSession(client);
    expect(error).to.equal(null);
    const sessionId = session?.sessionId ?? "";
    expect(sessionIdFields(sessionId)[1]).to.equal(applicationId);
    expect(client.generateToken(sessionId)).to.be.a("string");
  });

  it("answer includes application_id", async () => {
    const response = await post(server.url, {
      Authorization: `Bearer ${vonageJwt()}`,
    });
    expect(response.status).to.equal(200);
    const [record] = response.body as Record<string, unknown>[];
    expect(record.application_id).to.equal(applicationId);
  });

  it("SDK with wrong key rejected", async () => {
    const client = new OpenTok(applicationId, keyPair().privateKey, {
      apiUrl: server.url,
    });
    const { error } = await createSession(client);
    expect(error?.message).to.include("Invalid API key or secret");
  });

  it("SDK with other application rejected", async () => {
    const client = new OpenTok(randomUUID(), privateKey, {
      apiUrl: server.url,
    });
    const { error } = await createSession(client);
    expect(error?.message).to.include("Invalid API key or secret");
  });

  it("rejects expired RS256 token", async () => {
    const now = nowSeconds();
    const token = vonageJwt({ iat: now - 600, exp: now - 300 });
    const response = await post(server.url, {
      Authorization: `Bearer ${token}`,
    });
    expect(response.status).to.equal(401);
    expect((response.body as { detail: string }).detail).to.equal(
      "Token expired.",
    );
  });

  it("rejects HS256 signed with public key", async () => {
    const now = nowSeconds();
    const claims = { application_id: applicationId, iat: now, exp: now + 60 };
    const token = handMadeJwt({ alg: "HS256", typ: "JWT" }, claims, (input) =>
      createHmac("sha256", publicKey).update(input).digest(),
    );
    const response = await post(server.url, {
      Authorization: `Bearer ${token}`,
    });
    expect(response.status).to.equal(401);
  });

  it("rejects OpenTok header in Vonage mode", async () => {
    const response = await post(server.url, {
      "X-OPENTOK-AUTH": vonageJwt(),
    });
    expect(response.status).to.equal(401);
  });

  it("rejects private key as public key", async () => {
    let message = "";
    try {
      await startOpenTokDevServer({
        credentials: { mode: "vonage", applicationId, publicKey: privateKey },
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.include("publicKey is a private key");
    expect(message).to.not.include("BEGIN");
  });
});

describe("opentok dev server, options", () => {
  async function startError(
    options: Parameters<typeof startOpenTokDevServer>[0],
  ): Promise<string> {
    try {
      const server = await startOpenTokDevServer(options);
      await server.close();
    } catch (error) {
      return (error as Error).message;
    }
    return "";
  }

  it("rejects non-loopback host", async () => {
    const message = await startError({
      host: "0.0.0.0",
      credentials: { mode: "opentok", apiKey: API_KEY, apiSecret: API_SECRET },
    });
    expect(message).to.include("loopback");
  });

  it("rejects empty API secret", async () => {
    const message = await startError({
      credentials: { mode: "opentok", apiKey: API_KEY, apiSecret: "" },
    });
    expect(message).to.include("apiSecret is empty");
  });

  it("rejects non-UUID application ID", async () => {
    const message = await startError({
      credentials: { mode: "vonage", applicationId: "123", publicKey: "" },
    });
    expect(message).to.include("applicationId must be a UUID");
  });
});

describe("opentok dev server CLI", () => {
  let child: ChildProcess | undefined;
  let output = "";

  function waitForOutput(pattern: RegExp, timeoutMs = 10_000) {
    return new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`Timed out waiting for ${String(pattern)}`));
      }, timeoutMs);
      const poll = setInterval(() => {
        const match = pattern.exec(output);
        if (match !== null) {
          clearTimeout(timer);
          clearInterval(poll);
          resolve(match);
        }
      }, 20);
    });
  }

  afterEach(() => {
    child?.kill("SIGKILL");
    child = undefined;
    output = "";
  });

  it("serves SDK and stops on SIGTERM", async () => {
    const cli = join(__dirname, "../../tools/opentok-dev-server/cli.js");
    child = spawn(process.execPath, [cli, "--port", "0"], {
      env: {
        PATH: process.env.PATH,
        OPENTOK_API_KEY: API_KEY,
        OPENTOK_API_SECRET: API_SECRET,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child?.once("exit", (code) => resolve(code)),
    );

    const [, url, apiKey] = await waitForOutput(
      /not the real OpenTok service\) listening on (http:\/\/127\.0\.0\.1:\d+) in opentok mode for API key (\d+)/,
    );
    expect(apiKey).to.equal(API_KEY);
    const client = new OpenTok(API_KEY, API_SECRET, { apiUrl: url });
    const { error } = await createSession(client);
    expect(error).to.equal(null);
    await waitForOutput(/POST \/session\/create 200 opentok/);

    child.kill("SIGTERM");
    expect(await exited).to.equal(0);
    expect(output).to.not.include(API_SECRET);
    expect(output).to.not.include("eyJ");
  });
});

describe("OpenTok dev server controls from a browser", () => {
  let server: DevServer;

  before(async () => {
    server = await startOpenTokDevServer({
      credentials: { mode: "opentok", apiKey: "12345678", apiSecret: "s" },
    });
  });

  after(() => server.close());

  it("rejects a change with an Origin", async () => {
    const response = await fetch(`${server.url}/_dev/faults`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Origin: "http://localhost:5000",
      },
      body: JSON.stringify({ kind: "error", status: 503 }),
    });
    expect(response.status).to.equal(403);
    expect(server.faults()).to.deep.equal([]);
  });

  it("rejects faults sent as text", async () => {
    const response = await fetch(`${server.url}/_dev/faults`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ kind: "error", status: 503 }),
    });
    expect(response.status).to.equal(415);
    expect(server.faults()).to.deep.equal([]);
  });
});
