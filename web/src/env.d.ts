/// <reference types="vite/client" />

// Build-time settings, read from the environment or from web/.env* files when
// Vite builds the app. web/README.md describes each one.
interface ImportMetaEnv {
  readonly VITE_FIREBASE_API_KEY?: string;
  readonly VITE_FIREBASE_AUTH_DOMAIN?: string;
  readonly VITE_FIREBASE_PROJECT_ID?: string;
  readonly VITE_FIREBASE_APP_ID?: string;
  readonly VITE_USE_EMULATORS?: string;
  readonly VITE_EMULATOR_HOST?: string;
  readonly VITE_EMULATOR_PROJECT_ID?: string;
  readonly VITE_AUTH_EMULATOR_PORT?: string;
  readonly VITE_FIRESTORE_EMULATOR_PORT?: string;
  readonly VITE_FUNCTIONS_EMULATOR_PORT?: string;
  readonly VITE_VIDEO_CONNECT_TIMEOUT_MS?: string;
  readonly VITE_TEST_HOOKS?: string;
}
