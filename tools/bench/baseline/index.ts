import { HttpsError, onCall } from "firebase-functions/v2/https";

// The baseline for the token latency benchmark: a callable with the same
// SDK, region and emulator path as getBroadcastToken that does no work of
// its own. Only firebase.bench.json loads this codebase.

// firebase-tools sets GCLOUD_PROJECT when it loads functions, and demo-
// project IDs exist only in the emulators, so this stops a deploy at
// discovery.
if (!process.env.GCLOUD_PROJECT?.startsWith("demo-")) {
  throw new Error(
    "benchBaseline is for `npm run bench` against demo- projects only; do not deploy it.",
  );
}

/** Constant result of the baseline callable. */
export const BASELINE_RESULT = { ok: true };

/**
 * Returns a constant to a signed-in caller.
 * @throws HttpsError `unauthenticated` without sign-in.
 */
export const benchBaseline = onCall((request) => {
  if (!request.auth?.uid) {
    throw new HttpsError("unauthenticated", "Sign in to call this function.");
  }
  return BASELINE_RESULT;
});
