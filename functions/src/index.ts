import { onCall } from "firebase-functions/v2/https";
import { onDocumentCreated } from "firebase-functions/v2/firestore";
export const ping = onCall((req) => ({ uid: req.auth?.uid ?? null }));
export const onBroadcast = onDocumentCreated("broadcasts/{id}", async (e) => {
  await e.data?.ref.update({ sessionId: "x" });
});
