import jwt from "jsonwebtoken";
import { recordIssuedToken } from "../support/issued-tokens";

/** Demo credentials shared by the unit tests and their stand-in server. */
export const apiKey = "12345678";
export const apiSecret = "unit-test-secret-for-the-local-stand-in";

/** Claims of an OpenTok client token signed with the API secret. */
export interface OpenTokTokenClaims {
  iss: string;
  ist: string;
  iat: number;
  exp: number;
  session_id: string;
  role: string;
  expire_time: number;
  connection_data: string;
  scope: string;
  nonce: number;
  create_time: number;
}

/**
 * Verifies an OpenTok token's HS256 signature with the API secret and
 * returns its claims; throws when the signature does not match. Records
 * the token for the log check that follows the test run.
 */
export function decodeOpenTokToken(
  token: string,
  secret = apiSecret,
): OpenTokTokenClaims {
  recordIssuedToken(token);
  return jwt.verify(token, secret, {
    algorithms: ["HS256"],
  }) as OpenTokTokenClaims;
}
