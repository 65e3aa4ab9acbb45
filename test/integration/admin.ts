import { getApps, initializeApp } from "firebase-admin/app";
import { Firestore, getFirestore } from "firebase-admin/firestore";
import { projectId } from "./emulator-env";

/** Returns the Admin SDK's Firestore, which the environment points at the emulator. */
export function adminFirestore(): Firestore {
  if (getApps().length === 0) initializeApp({ projectId });
  return getFirestore();
}
