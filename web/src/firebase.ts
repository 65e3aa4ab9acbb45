import { FirebaseApp, FirebaseOptions, initializeApp } from "firebase/app";
import { Auth, connectAuthEmulator, getAuth } from "firebase/auth";
import {
  Firestore,
  connectFirestoreEmulator,
  getFirestore,
} from "firebase/firestore";
import {
  Functions,
  connectFunctionsEmulator,
  getFunctions,
} from "firebase/functions";

/** The Firebase services that the app uses. */
export interface FirebaseServices {
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
  functions: Functions;
  /** Whether the services point at the local Emulator Suite. */
  emulated: boolean;
}

const env = import.meta.env;

const REQUIRED_CONFIG = [
  "VITE_FIREBASE_API_KEY",
  "VITE_FIREBASE_AUTH_DOMAIN",
  "VITE_FIREBASE_PROJECT_ID",
  "VITE_FIREBASE_APP_ID",
] as const;

/** Thrown when a build for a real project lacks its Firebase web config. */
export class MissingConfigError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `This build has no Firebase configuration. Set ${missing.join(", ")} when building the app.`,
    );
  }
}

function isLocalHost(hostname: string): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(hostname);
}

/**
 * Returns whether to use the emulators: VITE_USE_EMULATORS when it is set at
 * build time, otherwise whether the page is served from this machine.
 */
function shouldUseEmulators(): boolean {
  if (env.VITE_USE_EMULATORS === "true") return true;
  if (env.VITE_USE_EMULATORS === "false") return false;
  return isLocalHost(window.location.hostname);
}

function port(value: string | undefined, fallback: number): number {
  return value ? Number(value) : fallback;
}

function realProjectOptions(): FirebaseOptions {
  const missing = REQUIRED_CONFIG.filter((name) => !env[name]);
  if (missing.length > 0) throw new MissingConfigError(missing);
  return {
    apiKey: env.VITE_FIREBASE_API_KEY,
    authDomain: env.VITE_FIREBASE_AUTH_DOMAIN,
    projectId: env.VITE_FIREBASE_PROJECT_ID,
    appId: env.VITE_FIREBASE_APP_ID,
  };
}

/**
 * Initializes Firebase, either for the emulators with the build-time host,
 * ports and demo project (defaults: the ports of firebase.json) or for the
 * real project in the VITE_FIREBASE_* variables.
 * @throws MissingConfigError when a real-project build lacks a variable.
 */
export function initFirebase(): FirebaseServices {
  const emulated = shouldUseEmulators();
  const app = initializeApp(
    emulated
      ? {
          // The Auth emulator accepts any API key.
          apiKey: "demo-api-key",
          projectId: env.VITE_EMULATOR_PROJECT_ID || "demo-broadcasts",
        }
      : realProjectOptions(),
  );
  const auth = getAuth(app);
  const db = getFirestore(app);
  const functions = getFunctions(app);

  if (emulated) {
    const host = env.VITE_EMULATOR_HOST || "127.0.0.1";
    connectAuthEmulator(
      auth,
      `http://${host}:${port(env.VITE_AUTH_EMULATOR_PORT, 9099)}`,
      { disableWarnings: true },
    );
    connectFirestoreEmulator(
      db,
      host,
      port(env.VITE_FIRESTORE_EMULATOR_PORT, 8080),
    );
    connectFunctionsEmulator(
      functions,
      host,
      port(env.VITE_FUNCTIONS_EMULATOR_PORT, 5001),
    );
  }
  return { app, auth, db, functions, emulated };
}
