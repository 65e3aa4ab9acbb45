import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { onCall } from "firebase-functions/v2/https";
import { opentokApiSecret } from "./config";
import {
  productionSessionContext,
  productionTokenContext,
} from "./dependencies";
import { createGetBroadcastTokenHandler } from "./get-broadcast-token";
import { BROADCASTS_COLLECTION } from "./broadcast";
import { ensureBroadcastSession } from "./session-creation";

/**
 * Creates an OpenTok session for each new broadcast and writes its
 * `sessionId`. Retries happen inside the handler with a bound, so the
 * platform's event retry stays off.
 */
export const createBroadcastSession = onDocumentCreated(
  {
    document: `${BROADCASTS_COLLECTION}/{broadcastId}`,
    secrets: [opentokApiSecret],
    timeoutSeconds: 120,
    retry: false,
  },
  async (event) => {
    const context = await productionSessionContext();
    await ensureBroadcastSession(context, event.params.broadcastId);
  },
);

/** Issues an OpenTok token for a broadcast; see the handler for roles. */
export const getBroadcastToken = onCall(
  { secrets: [opentokApiSecret] },
  async (request) => {
    const handler = createGetBroadcastTokenHandler(
      await productionTokenContext(),
    );
    return handler(request);
  },
);
