import type { BroadcastStore } from "./broadcast";
import { readTokenLifetimeSeconds } from "./config";
import { readVideoConfig } from "./video-config";
import type { TokenContext } from "./get-broadcast-token";
import {
  DEFAULT_SESSION_POLICY,
  SessionCreationContext,
} from "./session-creation";
import { VideoService, openTokVideoService } from "./video-service";

let store: Promise<BroadcastStore> | undefined;

// firebase-admin is loaded on first use, not when the module loads, so
// that the functions runtime discovers and starts the functions faster.
function firestoreStore(): Promise<BroadcastStore> {
  store ??= import("./firestore-broadcast-store.js").then((module) =>
    module.createFirestoreBroadcastStore(),
  );
  return store;
}

function video(): Promise<VideoService> {
  return openTokVideoService(
    readVideoConfig(),
    DEFAULT_SESSION_POLICY.callTimeoutMs,
  );
}

/** Wires session creation to Firestore, OpenTok and the real clock. */
export async function productionSessionContext(): Promise<SessionCreationContext> {
  return {
    store: await firestoreStore(),
    video,
    policy: DEFAULT_SESSION_POLICY,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** Wires the token handler to Firestore, OpenTok and the real clock. */
export async function productionTokenContext(): Promise<TokenContext> {
  return {
    store: await firestoreStore(),
    video,
    tokenLifetimeSeconds: readTokenLifetimeSeconds,
    now: Date.now,
  };
}
