import { authEmulatorHost } from "./emulator-env";

/** A user signed in through the Auth emulator. */
export interface TestUser {
  uid: string;
  idToken: string;
}

/**
 * Signs up a new anonymous user with the Auth emulator's REST API, as
 * `signInAnonymously` does, and returns its uid and ID token.
 */
export async function signUpAnonymousUser(): Promise<TestUser> {
  const response = await fetch(
    `http://${authEmulatorHost}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-api-key`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ returnSecureToken: true }),
      signal: AbortSignal.timeout(10_000),
    },
  );
  if (!response.ok) {
    throw new Error(`Auth emulator sign-up failed with ${response.status}`);
  }
  const body = (await response.json()) as { localId: string; idToken: string };
  return { uid: body.localId, idToken: body.idToken };
}
