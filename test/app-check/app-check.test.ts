import { expect } from "chai";
import { signUpAnonymousUser, TestUser } from "../integration/auth-users";
import { postCallable } from "../integration/callable-client";
import { projectId } from "../integration/emulator-env";

// Runs in the emulator project demo-broadcasts-appcheck, whose
// ENFORCE_APP_CHECK is true. The Functions emulator decodes App Check
// tokens without verifying their signature. So this checks that a request
// without a token is rejected and one with a token gets through. The
// signature check itself is the Admin SDK's, in production.

/** Builds an unsigned App Check token with the claims the client SDKs send. */
function unsignedAppCheckToken(): string {
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: "none", typ: "JWT" });
  const payload = encode({
    sub: "1:123456789:web:demo",
    aud: [`projects/${projectId}`],
    iss: "https://firebaseappcheck.googleapis.com/123456789",
    iat: now,
    exp: now + 3600,
  });
  return `${header}.${payload}.signature`;
}

describe("App Check enforcement", () => {
  let user: TestUser;

  before(async () => {
    expect(projectId).to.equal("demo-broadcasts-appcheck");
    user = await signUpAnonymousUser();
  });

  for (const name of ["getBroadcastToken", "retryBroadcastSession"]) {
    it(`rejects ${name} without a token`, async () => {
      const response = await postCallable(
        name,
        { broadcastId: "any" },
        user.idToken,
      );
      expect(response.status).to.equal(401);
      expect(response.body.error?.status).to.equal("UNAUTHENTICATED");
    });

    it(`accepts ${name} with a token`, async () => {
      const response = await postCallable(
        name,
        { broadcastId: "no-such-broadcast" },
        user.idToken,
        { "X-Firebase-AppCheck": unsignedAppCheckToken() },
      );
      expect(response.body.error?.status).to.equal("NOT_FOUND");
    });
  }
});
