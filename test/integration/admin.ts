import { getApps, initializeApp } from "firebase-admin/app";
import { Firestore, getFirestore } from "firebase-admin/firestore";
import { projectId } from "./emulator-env";

/** The Admin SDK's Firestore, pointed at the emulator by the environment. */
export function adminFirestore(): Firestore {
  if (getApps().length === 0) initializeApp({ projectId });
  return getFirestore();
}
