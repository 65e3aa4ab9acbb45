import {
  createHmac,
  timingSafeEqual,
  verify,
  type KeyObject,
} from "node:crypto";

/** A compact JWS split into its parts, before any signature or claim check. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** The `<header>.<payload>` text that the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function parseJsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(
      Buffer.from(segment, "base64url").toString("utf8"),
    );
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Invalid JSON is reported to the caller as an undecodable token.
  }
  return undefined;
}

/**
 * Splits a compact JWS into header, claims and signature without verifying
 * anything. Returns undefined when the token does not have three base64url
 * parts or when the header or payload is not a JSON object. Never throws.
 */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) {
    return undefined;
  }
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = parseJsonObject(headerPart);
  const claims = parseJsonObject(payloadPart);
  if (header === undefined || claims === undefined) {
    return undefined;
  }
  return {
    header,
    claims,
    signingInput: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, "base64url"),
  };
}

/** Checks an HS256 signature in constant time. Never throws. */
export function verifyHs256(jwt: DecodedJwt, secret: string): boolean {
  const expected = createHmac("sha256", secret)
    .update(jwt.signingInput)
    .digest();
  return (
    expected.length === jwt.signature.length &&
    timingSafeEqual(expected, jwt.signature)
  );
}

/** Checks an RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature. Never throws. */
export function verifyRs256(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  try {
    return verify(
      "sha256",
      Buffer.from(jwt.signingInput),
      publicKey,
      jwt.signature,
    );
  } catch {
    return false;
  }
}
