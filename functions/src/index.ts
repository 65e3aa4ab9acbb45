import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { CallableOptions, onCall } from "firebase-functions/v2/https";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { BROADCASTS_COLLECTION } from "./broadcast";
import {
  allowedOrigins,
  enforceAppCheck,
  opentokApiSecret,
  vonagePrivateKey,
} from "./config";
import {
  productionSessionContext,
  productionTokenContext,
} from "./dependencies";
import { createGetBroadcastTokenHandler } from "./get-broadcast-token";
import { ensureBroadcastSession } from "./session-creation";
import {
  createRetryBroadcastSessionHandler,
  sweepUnfinishedSessions,
} from "./session-recovery";

// Both modes' secrets are bound; the one of the unused mode may hold `none`.
const secrets = [opentokApiSecret, vonagePrivateKey];

const callableOptions: CallableOptions = {
  secrets,
  enforceAppCheck,
  cors: allowedOrigins,
};

/**
 * Creates an OpenTok session for each new broadcast and writes its
 * `sessionId`. Retries happen inside the handler with a bound, so the
 * platform's event retry stays off.
 */
export const createBroadcastSession = onDocumentCreated(
  {
    document: `${BROADCASTS_COLLECTION}/{broadcastId}`,
    secrets,
    timeoutSeconds: 120,
    retry: false,
  },
  async (event) => {
    const context = await productionSessionContext();
    await ensureBroadcastSession(context, event.params.broadcastId);
  },
);

/** Issues an OpenTok token for a broadcast; see the handler for roles. */
export const getBroadcastToken = onCall(callableOptions, async (request) => {
  const handler = createGetBroadcastTokenHandler(
    await productionTokenContext(),
  );
  return handler(request);
});

/** Lets a broadcast's owner retry a failed session creation. */
export const retryBroadcastSession = onCall(
  { ...callableOptions, timeoutSeconds: 120 },
  async (request) => {
    const handler = createRetryBroadcastSessionHandler(
      await productionSessionContext(),
    );
    return handler(request);
  },
);

/**
 * Retries session creation for failed or stalled broadcasts every ten
 * minutes, so that they get a session once OpenTok is reachable again.
 */
export const sweepBroadcastSessions = onSchedule(
  {
    schedule: "every 10 minutes",
    secrets,
    timeoutSeconds: 540,
  },
  async () => {
    await sweepUnfinishedSessions(await productionSessionContext());
  },
);
