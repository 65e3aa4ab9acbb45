import "./style.css";
import { FirebaseError } from "firebase/app";
import type { User } from "firebase/auth";
import {
  SignInMethod,
  automaticSignInMethod,
  describeUser,
  signInMethods,
  watchUser,
} from "./auth";
import {
  Broadcast,
  checkName,
  createBroadcast,
  deleteBroadcast,
  renameBroadcast,
  watchBroadcasts,
} from "./broadcasts";
import { FirebaseServices, MissingConfigError, initFirebase } from "./firebase";
import { BroadcastList } from "./list-view";
import { describeWriteError } from "./messages";
import { Stage } from "./stage";
import { StatusLine } from "./status";
import { installTestHooks } from "./test-hooks";

const connectTimeoutMs =
  Number(import.meta.env.VITE_VIDEO_CONNECT_TIMEOUT_MS) || 15_000;

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The page has no #${id} element.`);
  return found as T;
}

const status = new StatusLine(byId("status"));
const createForm = byId<HTMLFormElement>("create-form");
const createInput = byId<HTMLInputElement>("new-name");
const userLine = byId("user");
const signInPanel = byId("sign-in");

function errorText(error: unknown): string {
  if (error instanceof FirebaseError) return error.code;
  return error instanceof Error ? error.message : String(error);
}

function setSignedIn(user: User | null): void {
  userLine.textContent = user ? describeUser(user) : "Signed out";
  userLine.dataset.uid = user?.uid ?? "";
  signInPanel.hidden = user !== null;
  for (const control of createForm.elements) {
    (control as HTMLInputElement | HTMLButtonElement).disabled = !user;
  }
}

/** Connects the page to Firebase and starts listening. */
function startApp(services: FirebaseServices): void {
  let user: User | null = null;
  // Undefined until the first snapshot, so the list does not claim to be empty.
  let broadcasts: Broadcast[] | undefined;
  const stage = new Stage(
    services,
    {
      section: byId("stage"),
      title: byId("stage-title"),
      role: byId("stage-role"),
      retry: byId("retry-session"),
      publisher: byId("publisher"),
      subscriber: byId("subscriber"),
    },
    status,
    connectTimeoutMs,
  );
  const refreshList = () => {
    if (broadcasts) list.render(broadcasts, user?.uid, stage.openId);
  };

  async function write(
    action: "create" | "rename" | "delete",
    pending: string,
    done: string,
    run: () => Promise<unknown>,
  ): Promise<boolean> {
    const messageNumber = status.show("saving", pending);
    try {
      await run();
      status.replace(messageNumber, "saved", done);
      return true;
    } catch (error) {
      const { state, message } = describeWriteError(action, error);
      status.show(state, message);
      return false;
    }
  }

  async function rename(broadcastId: string, input: string): Promise<boolean> {
    let name: string;
    try {
      name = checkName(input);
    } catch (error) {
      status.show("error", errorText(error));
      return false;
    }
    return write("rename", "Renaming…", `Renamed to “${name}”.`, () =>
      renameBroadcast(services.db, broadcastId, name),
    );
  }

  const list = new BroadcastList(byId("broadcast-list"), byId("list-empty"), {
    open: (broadcast) => {
      stage.open(broadcast);
      refreshList();
    },
    rename: (broadcast, name) => rename(broadcast.id, name),
    remove: (broadcast) => {
      if (!window.confirm(`Delete “${broadcast.name}” for everyone?`)) return;
      if (stage.openId === broadcast.id) stage.close();
      void write("delete", "Deleting…", `Deleted “${broadcast.name}”.`, () =>
        deleteBroadcast(services.db, broadcast.id),
      );
    },
  });
  byId("leave").addEventListener("click", () => {
    stage.close();
    refreshList();
    status.show("signed-in", "Left the broadcast.");
  });

  createForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!user) return;
    let name: string;
    try {
      name = checkName(createInput.value);
    } catch (error) {
      status.show("error", errorText(error));
      return;
    }
    const uid = user.uid;
    void write("create", `Creating “${name}”…`, `Created “${name}”.`, () =>
      createBroadcast(services.db, uid, name),
    ).then((saved) => {
      if (saved) createInput.value = "";
    });
  });

  watchBroadcasts(
    services.db,
    (current) => {
      broadcasts = current;
      refreshList();
    },
    (error) =>
      status.show("error", `Could not load the broadcasts: ${error.message}`),
  );

  async function signIn(method: SignInMethod): Promise<void> {
    status.show("signing-in", "Signing in…");
    try {
      await method.signIn(services.auth);
    } catch (error) {
      status.show(
        "signed-out",
        `You are signed out: sign-in failed (${errorText(error)}). Try again.`,
      );
    }
  }

  for (const method of Object.values(signInMethods)) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = method.label;
    button.addEventListener("click", () => void signIn(method));
    signInPanel.append(button);
  }

  let triedAutomaticSignIn = false;
  watchUser(services.auth, (current) => {
    user = current;
    setSignedIn(current);
    refreshList();
    if (current) {
      status.show("signed-in", "Signed in. Open a broadcast or create one.");
    } else if (!triedAutomaticSignIn) {
      triedAutomaticSignIn = true;
      void signIn(automaticSignInMethod);
    } else {
      stage.close();
      status.show("signed-out", "You are signed out.");
    }
  });

  installTestHooks({ forceRename: rename });
}

setSignedIn(null);
try {
  startApp(initFirebase());
} catch (error) {
  if (!(error instanceof MissingConfigError)) throw error;
  status.show("config-missing", error.message);
}
