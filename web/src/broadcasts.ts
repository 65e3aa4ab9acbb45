import {
  Firestore,
  FirestoreError,
  Timestamp,
  addDoc,
  collection,
  deleteDoc,
  doc,
  limit,
  onSnapshot,
  orderBy,
  query,
  serverTimestamp,
  updateDoc,
} from "firebase/firestore";

/** A `broadcasts/{id}` document as the page uses it. */
export interface Broadcast {
  id: string;
  name: string;
  owner: string;
  createdAt: Date | undefined;
  sessionStatus: string | undefined;
  sessionError: string | undefined;
  /** Whether the server has not yet confirmed this client's last write. */
  pending: boolean;
}

/** Maximum number of broadcasts in the list, newest first. */
export const LIST_LIMIT = 50;

/** Maximum name length in Unicode code points, as the security rules count. */
export const MAX_NAME_LENGTH = 100;

function toBroadcast(
  id: string,
  data: Record<string, unknown>,
  pending: boolean,
): Broadcast {
  const text = (value: unknown) =>
    typeof value === "string" ? value : undefined;
  return {
    id,
    name: text(data.name) ?? "",
    owner: text(data.owner) ?? "",
    createdAt:
      data.createdAt instanceof Timestamp ? data.createdAt.toDate() : undefined,
    sessionStatus: text(data.sessionStatus),
    sessionError: text(data.sessionError),
    pending,
  };
}

/**
 * Returns the trimmed name, or throws an Error with a message for the user
 * when it is empty or longer than the rules allow.
 */
export function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === "") throw new Error("Enter a name for the broadcast.");
  if ([...trimmed].length > MAX_NAME_LENGTH) {
    throw new Error(`Names are at most ${MAX_NAME_LENGTH} characters long.`);
  }
  return trimmed;
}

/**
 * Calls `onChange` with the newest broadcasts on every change. Returns a
 * function that stops listening.
 */
export function watchBroadcasts(
  db: Firestore,
  onChange: (broadcasts: Broadcast[]) => void,
  onError: (error: FirestoreError) => void,
): () => void {
  const newestFirst = query(
    collection(db, "broadcasts"),
    orderBy("createdAt", "desc"),
    limit(LIST_LIMIT),
  );
  return onSnapshot(
    newestFirst,
    // Also report when the server confirms a write, which ends `pending`.
    { includeMetadataChanges: true },
    (snapshot) => {
      onChange(
        snapshot.docs.map((document) =>
          toBroadcast(
            document.id,
            // A new broadcast shows its local time until the server's arrives.
            document.data({ serverTimestamps: "estimate" }),
            document.metadata.hasPendingWrites,
          ),
        ),
      );
    },
    onError,
  );
}

/**
 * Calls `onChange` with the broadcast on every change, or with undefined once
 * it no longer exists. Returns a function that stops listening.
 */
export function watchBroadcast(
  db: Firestore,
  id: string,
  onChange: (broadcast: Broadcast | undefined) => void,
  onError: (error: FirestoreError) => void,
): () => void {
  return onSnapshot(
    doc(db, "broadcasts", id),
    (snapshot) => {
      const data = snapshot.data({ serverTimestamps: "estimate" });
      onChange(
        data
          ? toBroadcast(snapshot.id, data, snapshot.metadata.hasPendingWrites)
          : undefined,
      );
    },
    onError,
  );
}

/**
 * Creates a broadcast owned by `uid` with exactly the fields that the rules
 * accept, and returns its ID.
 * @throws FirestoreError when the write is rejected, for example by the rules.
 */
export async function createBroadcast(
  db: Firestore,
  uid: string,
  name: string,
): Promise<string> {
  const created = await addDoc(collection(db, "broadcasts"), {
    name,
    owner: uid,
    createdAt: serverTimestamp(),
  });
  return created.id;
}

/**
 * Renames a broadcast. The rules allow this only to its owner.
 * @throws FirestoreError when the write is rejected.
 */
export function renameBroadcast(
  db: Firestore,
  id: string,
  name: string,
): Promise<void> {
  return updateDoc(doc(db, "broadcasts", id), { name });
}

/**
 * Deletes a broadcast. The rules allow this only to its owner.
 * @throws FirestoreError when the write is rejected.
 */
export function deleteBroadcast(db: Firestore, id: string): Promise<void> {
  return deleteDoc(doc(db, "broadcasts", id));
}
