import { createPublicKey } from "node:crypto";
import jwt from "jsonwebtoken";
import { recordIssuedToken } from "../support/issued-tokens";
import { functionParams, functionSecrets } from "./emulator-env";

/** The claims that tokens of both modes carry. */
export interface ClientTokenClaims {
  session_id: string;
  role: string;
  exp: number;
  connection_data: string;
}

/** True when this emulator project runs in Vonage mode. */
export const vonageMode = (functionParams.VONAGE_APPLICATION_ID ?? "") !== "";

/**
 * Verifies a client token the way the video platform does in the emulator
 * project's mode: HS256 with the API secret for an OpenTok project, RS256
 * with the application's public key in Vonage mode. Records the token for
 * the log check.
 */
export function decodeClientToken(token: string): ClientTokenClaims {
  recordIssuedToken(token);
  if (vonageMode) {
    const publicKey = createPublicKey(functionSecrets.VONAGE_PRIVATE_KEY);
    const claims = jwt.verify(token, publicKey, {
      algorithms: ["RS256"],
    }) as ClientTokenClaims & { application_id: string };
    if (claims.application_id !== functionParams.VONAGE_APPLICATION_ID) {
      throw new Error("The token is for another application ID.");
    }
    return claims;
  }
  return jwt.verify(token, functionSecrets.OPENTOK_API_SECRET, {
    algorithms: ["HS256"],
  }) as ClientTokenClaims;
}

/** The key that clients pass to OpenTok: API key or application ID. */
export const expectedApiKey = vonageMode
  ? functionParams.VONAGE_APPLICATION_ID
  : functionParams.OPENTOK_API_KEY;
