import { readFileSync } from "node:fs";
import path from "node:path";
import {
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from "@firebase/rules-unit-testing";
import {
  doc,
  serverTimestamp,
  setDoc,
  setLogLevel,
  Timestamp,
  type DocumentData,
} from "firebase/firestore";

// The Firestore SDK logs a warning for every write the rules deny. The tests
// expect most of those denials, so only errors are logged.
setLogLevel("error");

export const OWNER_UID = "owner-uid";
export const OTHER_UID = "other-uid";
export const BROADCAST_ID = "broadcast-1";
export const STORED_SESSION_ID = "1_MX4xMjM0NTZ-fjE3MDAwMDAwMDB-c2Vzc2lvbn5-";
export const STORED_CREATED_AT = Timestamp.fromDate(
  new Date("2026-01-01T10:00:00Z"),
);

/** A client's Firestore instance, as the rules test contexts return it. */
export type ClientFirestore = ReturnType<RulesTestContext["firestore"]>;

/** A client identity for the rules under test. */
export type Client = "owner" | "other user" | "signed-out user";

export const CLIENTS: readonly Client[] = [
  "owner",
  "other user",
  "signed-out user",
];

// Compiled tests run from lib/test/rules, three levels below the repository
// root that contains firestore.rules.
const RULES_PATH = path.resolve(__dirname, "../../../firestore.rules");

/**
 * Builds the fields a client sends to create a broadcast: a valid name, the
 * owner's uid and a server timestamp, which the rules compare with
 * request.time.
 */
export function newBroadcast(overrides: DocumentData = {}): DocumentData {
  return {
    name: "Morning show",
    owner: OWNER_UID,
    createdAt: serverTimestamp(),
    ...overrides,
  };
}

/** Session state of a stored broadcast, as the backend's sessionStatus. */
export type SessionState = "creating" | "ready" | "failed";

const STORED_UPDATED_AT = Timestamp.fromDate(new Date("2026-01-01T10:00:05Z"));

// The server-written fields in each state, as the backend leaves them. It
// deletes sessionClaimedAt when a claim ends, and sessionError in every
// state but failed.
const SESSION_FIELDS: Record<SessionState, DocumentData> = {
  creating: {
    sessionStatus: "creating",
    sessionClaimedAt: STORED_CREATED_AT,
    sessionUpdatedAt: STORED_UPDATED_AT,
  },
  ready: {
    sessionId: STORED_SESSION_ID,
    sessionStatus: "ready",
    sessionAttempts: 1,
    sessionUpdatedAt: STORED_UPDATED_AT,
  },
  failed: {
    sessionStatus: "failed",
    sessionError: "unavailable",
    sessionAttempts: 3,
    sessionUpdatedAt: STORED_UPDATED_AT,
  },
};

/**
 * Builds a stored broadcast: the fields its owner created it with plus the
 * server-written session fields of the given state.
 */
export function storedBroadcast(
  state: SessionState = "ready",
  overrides: DocumentData = {},
): DocumentData {
  return {
    name: "Morning show",
    owner: OWNER_UID,
    createdAt: STORED_CREATED_AT,
    ...SESSION_FIELDS[state],
    ...overrides,
  };
}

/**
 * A Firestore rules test environment that the mocha hooks registered by
 * {@link useRulesTestEnvironment} start, clear and clean up.
 */
export class RulesTest {
  private env: RulesTestEnvironment | undefined;

  /** Starts the environment with the repository's firestore.rules. */
  async start(): Promise<void> {
    this.env = await initializeTestEnvironment({
      // A project of its own, because the Functions emulator runs the
      // session trigger on documents of demo-broadcasts-test.
      projectId: "demo-broadcasts-rules",
      firestore: {
        rules: readFileSync(RULES_PATH, "utf8"),
        host: "127.0.0.1",
        port: 8180,
      },
    });
  }

  /**
   * Returns the environment.
   * @throws Error when called before {@link RulesTest.start}.
   */
  get environment(): RulesTestEnvironment {
    if (this.env === undefined) {
      throw new Error(
        "The rules test environment is not started; call useRulesTestEnvironment() inside describe().",
      );
    }
    return this.env;
  }

  /** Returns the Firestore instance of a client, signed in or not. */
  firestore(client: Client): ClientFirestore {
    switch (client) {
      case "owner":
        return this.environment.authenticatedContext(OWNER_UID).firestore();
      case "other user":
        return this.environment.authenticatedContext(OTHER_UID).firestore();
      case "signed-out user":
        return this.environment.unauthenticatedContext().firestore();
    }
  }

  /**
   * Writes a document with the rules disabled, the way the backend writes
   * with the Admin SDK.
   */
  async seed(documentPath: string, data: DocumentData): Promise<void> {
    await this.environment.withSecurityRulesDisabled(async (context) => {
      await setDoc(doc(context.firestore(), documentPath), data);
    });
  }

  /** Writes {@link storedBroadcast} at broadcasts/{BROADCAST_ID}. */
  async seedBroadcast(state: SessionState = "ready"): Promise<void> {
    await this.seed(`broadcasts/${BROADCAST_ID}`, storedBroadcast(state));
  }

  /** Deletes all documents in the emulator's database. */
  async clear(): Promise<void> {
    await this.environment.clearFirestore();
  }

  /** Stops the environment and its client apps. */
  async stop(): Promise<void> {
    await this.env?.cleanup();
    this.env = undefined;
  }
}

/**
 * Registers mocha hooks in the current describe block. They start a rules
 * test environment before its tests, clear Firestore before each test and
 * clean up after the last one.
 */
export function useRulesTestEnvironment(): RulesTest {
  const rulesTest = new RulesTest();
  before(() => rulesTest.start());
  beforeEach(() => rulesTest.clear());
  after(() => rulesTest.stop());
  return rulesTest;
}
