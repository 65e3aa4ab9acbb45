import {
  Auth,
  User,
  UserCredential,
  onAuthStateChanged,
  signInAnonymously,
} from "firebase/auth";

/**
 * A way to sign in. To add a provider, add an entry here, for example
 * `google: { label: "Sign in with Google", signIn: (auth) =>
 * signInWithPopup(auth, new GoogleAuthProvider()) }`, and enable the provider
 * in the Firebase console. The page shows one button per entry while the user
 * is signed out.
 */
export interface SignInMethod {
  label: string;
  signIn: (auth: Auth) => Promise<UserCredential>;
}

export const signInMethods: Record<string, SignInMethod> = {
  anonymous: {
    label: "Sign in as a guest",
    signIn: (auth) => signInAnonymously(auth),
  },
};

/** The method used without a click when the page opens signed out. */
export const automaticSignInMethod = signInMethods.anonymous;

/** Describes the signed-in user for the page header. */
export function describeUser(user: User): string {
  const kind = user.isAnonymous ? "guest" : (user.email ?? "user");
  return `Signed in as ${kind} ${user.uid.slice(0, 6)}…`;
}

/**
 * Calls `onUser` with the current user, or with null once the user is signed
 * out, on every change. Returns a function that stops listening.
 */
export function watchUser(
  auth: Auth,
  onUser: (user: User | null) => void,
): () => void {
  return onAuthStateChanged(auth, onUser);
}
