import { createPublicKey, type KeyObject } from "node:crypto";
import { decodeJwt, verifyHs256, verifyRs256 } from "./jwt";

/**
 * Credentials that the development server accepts, in one of the two modes of
 * the `opentok` SDK.
 */
export type DevServerCredentials =
  | { mode: "opentok"; apiKey: string; apiSecret: string }
  | { mode: "vonage"; applicationId: string; publicKey: string };

/** Credentials after validation, with the Vonage public key parsed once. */
export type CheckedCredentials =
  | { mode: "opentok"; apiKey: string; apiSecret: string }
  | { mode: "vonage"; applicationId: string; publicKey: KeyObject };

/**
 * A rejected request: the HTTP status, the JSON body, and a log-safe reason.
 */
export interface AuthFailure {
  status: number;
  body: Record<string, unknown>;
  reason: string;
}

/**
 * Maximum difference in seconds between this machine's clock and the client's.
 */
export const CLOCK_TOLERANCE_SECONDS = 5;

// The REST reference (tokbox.com/developer/rest, section "Authentication")
// allows at most 5 minutes between iat and exp.
const MAX_OPENTOK_TOKEN_LIFETIME_SECONDS = 300;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Validates the credentials and parses the Vonage public key. Throws an Error
 * naming the invalid field. The message never contains the secret or the key.
 */
export function checkCredentials(
  credentials: DevServerCredentials,
): CheckedCredentials {
  if (credentials.mode === "opentok") {
    if (credentials.apiKey.trim() === "") {
      throw new Error("Invalid credentials: apiKey is empty.");
    }
    if (credentials.apiSecret === "") {
      throw new Error("Invalid credentials: apiSecret is empty.");
    }
    return { ...credentials };
  }
  if (!UUID.test(credentials.applicationId)) {
    throw new Error(
      "Invalid credentials: applicationId must be a UUID, as the SDK requires.",
    );
  }
  if (credentials.publicKey.includes("PRIVATE KEY")) {
    throw new Error(
      "Invalid credentials: publicKey is a private key. Pass the PEM public key.",
    );
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(credentials.publicKey);
  } catch {
    throw new Error("Invalid credentials: publicKey is not a PEM public key.");
  }
  if (publicKey.asymmetricKeyType !== "rsa") {
    throw new Error(
      "Invalid credentials: publicKey must be an RSA key, because the SDK signs RS256.",
    );
  }
  return {
    mode: "vonage",
    applicationId: credentials.applicationId,
    publicKey,
  };
}

// Status 403 with {"code":-1,"message","description"} is what the real service
// returns. The messages are quoted from public reports:
// - "Issuer not found", and "Invalid signature" also for a wrong ist:
//   https://api.support.vonage.com/hc/en-us/articles/10927467943452
// - "Invalid issuer format": github.com/opentok/opentok-node/issues/232
// - "Invalid token format": github.com/opentok/learning-opentok-node/issues/68
// - "issued time cannot be greater than current time":
//   https://support.tokbox.com/hc/en-us/articles/360054612532
// - "No suitable authentication found": opentok-node test/opentok-test.js
// NOTE: no real message was found for an expired token or a too long
// lifetime, so those two messages are made up here.
function openTokFailure(message: string): AuthFailure {
  return {
    status: 403,
    body: { code: -1, message, description: message },
    reason: message,
  };
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/**
 * Checks the X-OPENTOK-AUTH JWT that the SDK sends in OpenTok mode: HS256
 * signed with the API secret, iss equal to the API key, ist "project", iat not
 * in the future, exp not passed and at most 5 minutes after iat. Returns
 * undefined when the token is valid. Never throws.
 */
export function checkOpenTokAuth(
  header: string | undefined,
  apiKey: string,
  apiSecret: string,
  nowSeconds: number,
): AuthFailure | undefined {
  if (header === undefined || header.trim() === "") {
    return openTokFailure("No suitable authentication found");
  }
  const jwt = decodeJwt(header.trim());
  if (jwt === undefined) {
    return openTokFailure("Invalid token format");
  }

  const { iss, ist, iat, exp } = jwt.claims;
  if (typeof iss !== "string" && !isNumber(iss)) {
    return openTokFailure("Invalid issuer format");
  }
  if (String(iss) !== apiKey) {
    // The real service looks the issuer up as a numeric project API key.
    return openTokFailure(
      /^\d+$/.test(String(iss)) ? "Issuer not found" : "Invalid issuer format",
    );
  }
  if (jwt.header.alg !== "HS256" || !verifyHs256(jwt, apiSecret)) {
    return openTokFailure("Invalid signature");
  }
  // The Vonage support article above reports this message for a wrong ist.
  if (ist !== "project") {
    return openTokFailure("Invalid signature");
  }

  if (!isNumber(iat) || !isNumber(exp)) {
    return openTokFailure("Invalid token format");
  }
  if (iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) {
    return openTokFailure("issued time cannot be greater than current time");
  }
  if (exp <= nowSeconds - CLOCK_TOLERANCE_SECONDS) {
    return openTokFailure("Token expired");
  }
  if (exp - iat > MAX_OPENTOK_TOKEN_LIFETIME_SECONDS) {
    return openTokFailure("Token expiration time exceeds 5 minutes");
  }
  return undefined;
}

// NOTE: the 401 body follows the error format of the other Vonage APIs (type,
// title, detail). No recorded response of video.api.vonage.com was found to
// confirm it for this endpoint.
function vonageFailure(detail: string): AuthFailure {
  const body = {
    type: "https://developer.vonage.com/api-errors#unauthorized",
    title: "Unauthorized",
    detail,
  };
  return { status: 401, body, reason: detail };
}

/**
 * Checks the `Authorization: Bearer` JWT that the SDK sends in Vonage mode:
 * RS256 signed with the application's private key, application_id equal to the
 * application ID, iat not in the future and exp not passed. Both iat and exp
 * are required because the SDK always sends them. Returns undefined when the
 * token is valid. Never throws.
 */
export function checkVonageAuth(
  header: string | undefined,
  applicationId: string,
  publicKey: KeyObject,
  nowSeconds: number,
): AuthFailure | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? "");
  if (match === null) {
    return vonageFailure("Missing Authorization header with a Bearer JWT.");
  }
  const jwt = decodeJwt(match[1]);
  if (jwt === undefined) {
    return vonageFailure("Invalid token format.");
  }
  if (jwt.header.alg !== "RS256") {
    return vonageFailure("Invalid token algorithm. Expected RS256.");
  }
  if (!verifyRs256(jwt, publicKey)) {
    return vonageFailure("Invalid signature.");
  }
  const { application_id: tokenApplicationId, iat, exp } = jwt.claims;
  if (tokenApplicationId !== applicationId) {
    return vonageFailure("Invalid application_id.");
  }
  if (!isNumber(iat) || !isNumber(exp)) {
    return vonageFailure("Invalid token format: iat and exp must be numbers.");
  }
  if (iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) {
    return vonageFailure("Invalid token: iat is in the future.");
  }
  if (exp <= nowSeconds - CLOCK_TOLERANCE_SECONDS) {
    return vonageFailure("Token expired.");
  }
  return undefined;
}
