import OpenTok from "opentok";
import {
  KeyObject,
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  randomUUID,
  sign,
} from "node:crypto";
import { performance } from "node:perf_hooks";
import { createSessionId } from "../opentok-dev-server/session-id";
import type { TokenCpuResult } from "./results";
import { median } from "./stats";

// CPU time to sign one client token in this process: the opentok SDK's
// generateToken, which getBroadcastToken calls, beside the bare signature
// of the same JWT with node:crypto, which no signing code can go below.
// OpenTok mode (API key and secret) signs with HS256, and there a whole JWT
// built with node:crypto alone is measured too. Vonage mode (application ID
// and private key) signs with RS256.

const API_KEY = "12345678";
const API_SECRET = "bench-secret-for-token-cpu-only";
const BATCH = 100;
const MAX_OPERATIONS = 200_000;
const MEASURE_MS = 1500;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

// Runs batches of the operation until MEASURE_MS or MAX_OPERATIONS is
// reached, after one unmeasured batch that lets the JIT compile it.
function time(
  mode: TokenCpuResult["mode"],
  label: string,
  operation: () => unknown,
): TokenCpuResult {
  for (let i = 0; i < BATCH; i++) operation();
  const perBatch: number[] = [];
  const deadline = performance.now() + MEASURE_MS;
  let operations = 0;
  while (performance.now() < deadline && operations < MAX_OPERATIONS) {
    const start = performance.now();
    for (let i = 0; i < BATCH; i++) operation();
    perBatch.push(((performance.now() - start) * 1000) / BATCH);
    operations += BATCH;
  }
  return { mode, label, operations, microsPerOperation: median(perBatch) };
}

function tokenOptions() {
  const expireTime = Math.floor(Date.now() / 1000) + 3600;
  // The SDK (2.23) reads `expireTime` in OpenTok mode and `expire_time` in
  // Vonage mode, so both are set, as getBroadcastToken does.
  return {
    role: "subscriber" as const,
    expireTime,
    expire_time: expireTime,
    data: JSON.stringify({ uid: "bench-viewer-uid" }),
  };
}

function splitToken(token: string): { input: string; signature: string } {
  const dot = token.lastIndexOf(".");
  return { input: token.slice(0, dot), signature: token.slice(dot + 1) };
}

function mismatch(mode: string): Error {
  return new Error(
    `The node:crypto signature does not match the SDK's ${mode} token, so the floor would sign something else.`,
  );
}

function measureOpenTokMode(): TokenCpuResult[] {
  const client = new OpenTok(API_KEY, API_SECRET);
  const sessionId = createSessionId(API_KEY, false, "", new Date());
  const { input, signature } = splitToken(
    client.generateToken(sessionId, tokenOptions()),
  );
  const hmac = () =>
    createHmac("sha256", API_SECRET).update(input).digest("base64url");
  if (hmac() !== signature) throw mismatch("OpenTok mode");

  const [header, claims] = input
    .split(".")
    .map(
      (part) =>
        JSON.parse(Buffer.from(part, "base64url").toString()) as unknown,
    );
  const buildJwt = () => {
    const signingInput = `${base64url(header)}.${base64url(claims)}`;
    const mac = createHmac("sha256", API_SECRET).update(signingInput);
    return `${signingInput}.${mac.digest("base64url")}`;
  };

  return [
    time("opentok", "opentok generateToken", () =>
      client.generateToken(sessionId, tokenOptions()),
    ),
    time("opentok", "JWT built with node:crypto", buildJwt),
    time("opentok", "HMAC-SHA256 of the same JWT (floor)", hmac),
  ];
}

function measureVonageMode(): TokenCpuResult[] {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const applicationId = randomUUID();
  const client = new OpenTok(applicationId, privateKey);
  const sessionId = createSessionId(applicationId, false, "", new Date());
  const { input, signature } = splitToken(
    client.generateToken(sessionId, tokenOptions()),
  );
  const key: KeyObject = createPrivateKey(privateKey);
  const rs256 = () =>
    sign("sha256", Buffer.from(input), key).toString("base64url");
  // RSASSA-PKCS1-v1_5 signatures are deterministic, so they must be equal.
  if (rs256() !== signature) throw mismatch("Vonage mode");

  return [
    time("vonage", "opentok generateToken", () =>
      client.generateToken(sessionId, tokenOptions()),
    ),
    time(
      "vonage",
      "RS256 signature of the same JWT with a parsed key (floor)",
      rs256,
    ),
  ];
}

/**
 * Measures the time per token of each way to sign it, in both credential
 * modes.
 * @throws Error when a node:crypto signature differs from the SDK's.
 */
export function measureTokenCpu(): TokenCpuResult[] {
  return [...measureOpenTokMode(), ...measureVonageMode()];
}
