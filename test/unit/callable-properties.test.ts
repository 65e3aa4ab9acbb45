import { expect } from "chai";
import fc from "fast-check";
import functionsTest from "firebase-functions-test";
import {
  CallableRequest,
  HttpsError,
  onCall,
} from "firebase-functions/v2/https";
import {
  BroadcastTokenResult,
  createGetBroadcastTokenHandler,
} from "../../functions/src/get-broadcast-token";
import { MAX_CONNECTION_DATA_LENGTH } from "../../functions/src/token-policy";
import {
  VideoService,
  openTokVideoService,
} from "../../functions/src/video-service";
import {
  DevServer,
  startOpenTokDevServer,
} from "../../tools/opentok-dev-server";
import {
  broadcastIdArb,
  isValidDocumentId,
} from "../support/document-id-arbitraries";
import { MemoryBroadcastStore } from "../support/memory-broadcast-store";
import { closeNetworkExcept } from "../support/network-guard";
import { captureOutput } from "../support/output-capture";
import { propertyParameters } from "../support/property-parameters";
import { apiKey, apiSecret, decodeOpenTokToken } from "./token-fixtures";
import {
  callerArb,
  OWNER_UID,
  SESSION_STATUS_DETAILS,
  storedDocumentArb,
  type Caller,
  type StoredDocument,
} from "./callable-arbitraries";

const fft = functionsTest();
const LIMITS = { runTimeoutMs: 5_000, totalTimeoutMs: 30_000 };

/** Codes that the handler may return for a request from a signed-in user. */
const DEFINED_CODES = ["invalid-argument", "not-found", "failed-precondition"];

// Broadcasts with a valid session, under IDs at the edges of Firestore's
// document ID rules, plus one whose session is not ready yet.
const READY_IDS = [
  "show",
  "...",
  "___",
  "__x",
  "x__",
  "日本 🎥",
  "é".repeat(750),
  "a".repeat(1500),
];
const PENDING_ID = "pending";

type Outcome = { result: BroadcastTokenResult } | { error: HttpsError };

async function outcomeOf(promise: Promise<unknown>): Promise<Outcome> {
  try {
    return { result: (await promise) as BroadcastTokenResult };
  } catch (error) {
    if (error instanceof HttpsError) return { error };
    throw error;
  }
}

function requestFrom(caller: Caller | undefined, data: unknown) {
  return {
    data,
    auth: caller && {
      uid: caller.uid,
      token: { name: caller.displayName } as never,
      rawToken: "unused",
    },
  };
}

/** Returns the error code that a call with this data must end with. */
function expectedCode(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return "invalid-argument";
  }
  const broadcastId = (data as Record<string, unknown>).broadcastId;
  if (typeof broadcastId !== "string" || !isValidDocumentId(broadcastId)) {
    return "invalid-argument";
  }
  if (broadcastId === PENDING_ID) return "failed-precondition";
  return READY_IDS.includes(broadcastId) ? undefined : "not-found";
}

function checkError(error: HttpsError): void {
  expect(DEFINED_CODES).to.include(error.code);
  expect(error.message).to.not.match(/\n\s+at /);
}

/** Tokens issued during the current property, to look for in the logs. */
const issuedTokens = new Set<string>();

function checkToken(
  result: BroadcastTokenResult,
  caller: Caller,
  owner: unknown,
  sessionId: string,
): void {
  issuedTokens.add(result.token);
  const isOwner = typeof owner === "string" && owner === caller.uid;
  const claims = decodeOpenTokToken(result.token);
  const connection = JSON.parse(claims.connection_data) as { uid: unknown };

  expect(result.role).to.equal(isOwner ? "publisher" : "subscriber");
  expect(claims.role).to.equal(result.role);
  expect(result.sessionId).to.equal(sessionId);
  expect(claims.session_id).to.equal(sessionId);
  expect(connection.uid).to.equal(caller.uid);
  expect(claims.connection_data.length).to.be.at.most(
    MAX_CONNECTION_DATA_LENGTH,
  );
}

/**
 * Checks a property while the handler's log output is captured, because
 * thousands of runs would flood the terminal, then checks that the logs
 * contain neither the API secret nor an issued token.
 */
async function assertWithLogsChecked<T>(
  property: fc.IAsyncProperty<T>,
  runs: number,
): Promise<void> {
  issuedTokens.clear();
  const logs = await captureOutput(() =>
    fc.assert(property, propertyParameters(runs, LIMITS)),
  );

  expect(logs).to.not.include(apiSecret);
  for (const token of issuedTokens) expect(logs).to.not.include(token);
}

describe("getBroadcastToken properties", function () {
  // A backstop above each property's own time limit, which covers shrinking.
  this.timeout(60_000);
  let server: DevServer;
  let openNetwork: () => void;
  let video: VideoService;
  let sessionId: string;
  let store: MemoryBroadcastStore;
  let call: (request: Partial<CallableRequest<unknown>>) => Promise<unknown>;

  before(async () => {
    server = await startOpenTokDevServer({
      credentials: { mode: "opentok", apiKey, apiSecret },
    });
    openNetwork = closeNetworkExcept(() => [server.port]);
    video = await openTokVideoService(
      { mode: "opentok", apiKey, apiSecret, apiUrl: server.url },
      5000,
    );
    sessionId = await video.createRoutedSession();

    store = new MemoryBroadcastStore();
    for (const id of READY_IDS) {
      store.put(id, { owner: OWNER_UID, name: "Show", sessionId });
    }
    store.put(PENDING_ID, { owner: OWNER_UID, name: "Show" });
    const wrapped = fft.wrap(
      onCall(
        createGetBroadcastTokenHandler({
          store,
          video: () => Promise.resolve(video),
          tokenLifetimeSeconds: () => 3600,
          now: () => Date.UTC(2030, 0, 1),
        }),
      ),
    );
    call = (request) => wrapped(request as CallableRequest);
  });

  after(async () => {
    openNetwork();
    await server.close();
    fft.cleanup();
  });

  /** Calls the handler with the data and checks the outcome against expectedCode. */
  async function checkCall(caller: Caller, data: unknown): Promise<void> {
    const outcome = await outcomeOf(call(requestFrom(caller, data)));
    const code = expectedCode(data);

    if ("error" in outcome) {
      checkError(outcome.error);
      expect(outcome.error.code).to.equal(code);
    } else {
      expect(code).to.equal(undefined);
      checkToken(outcome.result, caller, OWNER_UID, sessionId);
    }
  }

  it("any data gives defined outcome", async () => {
    const dataArb = fc.oneof(
      fc.jsonValue(),
      fc.anything(),
      fc.constant(undefined),
      fc.record({ broadcastId: fc.anything() }),
      fc.record({ broadcastId: fc.jsonValue(), other: fc.jsonValue() }),
      fc.record({
        broadcastId: fc.constantFrom(...READY_IDS, PENDING_ID),
        other: fc.jsonValue(),
      }),
    );

    await assertWithLogsChecked(
      fc.asyncProperty(callerArb, dataArb, checkCall),
      500,
    );
  });

  it("any broadcastId gives defined outcome", async () => {
    const idArb = fc.oneof(
      { weight: 4, arbitrary: broadcastIdArb },
      fc.constantFrom(...READY_IDS, PENDING_ID),
    );

    await assertWithLogsChecked(
      fc.asyncProperty(callerArb, idArb, (caller, broadcastId) =>
        checkCall(caller, { broadcastId }),
      ),
      500,
    );
  });

  it("malformed stored broadcast gives defined outcome", async () => {
    const check = async (caller: Caller, stored: StoredDocument) => {
      const storedSessionId =
        stored.sessionId.kind === "real" ? sessionId : stored.sessionId.value;
      store.put("odd", {
        owner: stored.owner,
        name: stored.name,
        sessionId: storedSessionId,
        sessionStatus: stored.sessionStatus,
      });
      const outcome = await outcomeOf(
        call(requestFrom(caller, { broadcastId: "odd" })),
      );

      if ("result" in outcome) {
        checkToken(
          outcome.result,
          caller,
          stored.owner,
          storedSessionId as string,
        );
        return;
      }
      checkError(outcome.error);
      expect(stored.sessionId.kind).to.not.equal("real");
      expect(outcome.error.code).to.equal("failed-precondition");
      const details = outcome.error.details as { sessionStatus?: unknown };
      if (details !== undefined) {
        expect(SESSION_STATUS_DETAILS).to.include(details.sessionStatus);
      }
    };

    await assertWithLogsChecked(
      fc.asyncProperty(callerArb, storedDocumentArb, check),
      1000,
    );
  });

  it("signed-out call is unauthenticated", async () => {
    const callerArb = fc.constantFrom<Caller | undefined>(undefined, {
      uid: "",
      displayName: undefined,
    });
    const check = async (caller: Caller | undefined, data: unknown) => {
      const outcome = await outcomeOf(call(requestFrom(caller, data)));

      expect(outcome).to.have.property("error");
      expect((outcome as { error: HttpsError }).error.code).to.equal(
        "unauthenticated",
      );
    };

    await assertWithLogsChecked(
      fc.asyncProperty(callerArb, fc.jsonValue(), check),
      200,
    );
  });
});
