import path from "node:path";
import { readEnvFile } from "../../tools/env-file";

// Addresses and settings of the emulators that `npm test` starts with
// firebase.test.json, read from the environment that `firebase
// emulators:exec` sets and from the files the Functions emulator reads.

export const projectId = process.env.GCLOUD_PROJECT ?? "demo-broadcasts-test";

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set; run these tests through \`npm test\`, which starts the emulators.`,
    );
  }
  return value;
}

export const authEmulatorHost = requiredEnv("FIREBASE_AUTH_EMULATOR_HOST");
export const firestoreEmulatorHost = requiredEnv("FIRESTORE_EMULATOR_HOST");
export const functionsEmulatorOrigin = "http://127.0.0.1:5101";

const root = path.resolve(__dirname, "../../..");

/** Parameters that the Functions emulator loads for this project. */
export const functionParams = readEnvFile(path.join(root, `.env.${projectId}`));

/** Secrets that the Functions emulator loads from `.secret.local`. */
export const functionSecrets = readEnvFile(path.join(root, ".secret.local"));

/**
 * Loads the functions entry module into this process, with the emulator
 * project's parameters and secrets in process.env, where params read them
 * outside the Functions emulator. Its Admin SDK calls reach the same
 * emulators as the functions that the emulator runs.
 */
export async function loadFunctionsInProcess(): Promise<
  typeof import("../../functions/src/index.js")
> {
  Object.assign(process.env, functionParams, functionSecrets);
  return import("../../functions/src/index.js");
}

/** Returns the URL of a callable function in the Functions emulator. */
export function callableUrl(name: string): string {
  return `${functionsEmulatorOrigin}/${projectId}/us-central1/${name}`;
}
