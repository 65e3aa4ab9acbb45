import { expect } from "chai";
import { decodeClientToken } from "./client-tokens";
import { adminFirestore } from "./admin";
import { TestUser, signUpAnonymousUser } from "./auth-users";
import {
  createBroadcast,
  readBroadcast,
  waitForSessionId,
} from "./broadcast-fixtures";
import { postCallable } from "./callable-client";
import { standIn, waitFor } from "./stand-in";

// Load within the emulator, sized for npm test. The Functions emulator
// starts a worker process for each call in flight, so concurrency costs
// start-up time here that deployed functions, which serve 80 calls per
// instance, do not pay. `npm run soak` raises the counts, to concurrency 50,
// through the environment variables below.
const tokenRequests = Number(process.env.LOAD_TOKEN_REQUESTS ?? 200);
const concurrency = Number(process.env.LOAD_CONCURRENCY ?? 20);
const broadcastBurst = Number(process.env.LOAD_BROADCASTS ?? 200);
// A call may wait for the emulator to start a worker process first, which
// takes seconds on a busy machine; deployed functions do not.
const callTimeoutMs = 150_000;

/** Runs the tasks with at most `limit` in flight at once. */
async function runPool<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  });
  await Promise.all(workers);
  return results;
}

function percentile(sortedMs: number[], fraction: number): number {
  return sortedMs[
    Math.min(sortedMs.length - 1, Math.floor(sortedMs.length * fraction))
  ];
}

describe("load", function () {
  this.timeout(240_000);

  it(`serves ${tokenRequests} tokens at concurrency ${concurrency}`, async () => {
    const owner = await signUpAnonymousUser();
    const viewers: TestUser[] = await Promise.all(
      Array.from({ length: 5 }, () => signUpAnonymousUser()),
    );
    const broadcastId = await createBroadcast(owner.uid);
    await waitForSessionId(broadcastId);

    // Start the emulator's workers gradually, as growing traffic would,
    // instead of making it start `concurrency` processes in one instant.
    for (let inFlight = 1; inFlight < concurrency; inFlight *= 2) {
      const warmUp = await runPool(inFlight, inFlight, () =>
        postCallable(
          "getBroadcastToken",
          { broadcastId },
          owner.idToken,
          {},
          callTimeoutMs,
        ),
      );
      expect(warmUp.map((response) => response.status)).to.deep.equal(
        new Array<number>(inFlight).fill(200),
      );
    }

    const started = Date.now();
    const outcomes = await runPool(
      tokenRequests,
      concurrency,
      async (index) => {
        const caller =
          index % 4 === 0 ? owner : viewers[index % viewers.length];
        const begin = Date.now();
        const response = await postCallable(
          "getBroadcastToken",
          { broadcastId },
          caller.idToken,
          {},
          callTimeoutMs,
        );
        const token = response.body.result?.token;
        const role =
          typeof token === "string" ? decodeClientToken(token).role : undefined;
        return {
          ok: response.status === 200,
          roleRight: role === (caller === owner ? "publisher" : "subscriber"),
          ms: Date.now() - begin,
        };
      },
    );
    const elapsedMs = Date.now() - started;
    const latencies = outcomes
      .map((outcome) => outcome.ms)
      .sort((a, b) => a - b);
    console.log(
      `      ${tokenRequests} token requests, concurrency ${concurrency}: ` +
        `${elapsedMs} ms, p50 ${percentile(latencies, 0.5)} ms, ` +
        `p99 ${percentile(latencies, 0.99)} ms`,
    );

    expect(outcomes.filter((outcome) => !outcome.ok)).to.have.length(0);
    expect(outcomes.filter((outcome) => !outcome.roleRight)).to.have.length(0);
  });

  it(`gives ${broadcastBurst} broadcasts distinct sessions`, async () => {
    const callsBefore = standIn().stats().total;
    const started = Date.now();
    const burstOwner = `burst-owner-${Date.now()}`;
    const broadcastIds = await runPool(broadcastBurst, 50, () =>
      createBroadcast(burstOwner),
    );
    const sessionIds = await waitFor(
      `sessions on ${broadcastBurst} broadcasts`,
      async () => {
        const snapshot = await adminFirestore()
          .collection("broadcasts")
          .where("owner", "==", burstOwner)
          .get();
        const ids = snapshot.docs.map(
          (document) => document.get("sessionId") as unknown,
        );
        const attached = ids.filter(
          (id): id is string => typeof id === "string",
        );
        return attached.length === broadcastBurst ? attached : undefined;
      },
      120_000,
    );
    console.log(
      `      ${broadcastBurst} broadcasts created at once: all sessions ` +
        `attached after ${Date.now() - started} ms`,
    );

    expect(new Set(sessionIds).size).to.equal(broadcastBurst);
    expect(standIn().stats().total - callsBefore).to.equal(broadcastBurst);
    const statuses = await Promise.all(
      broadcastIds.map(
        async (broadcastId) =>
          (await readBroadcast(broadcastId))?.sessionStatus,
      ),
    );
    expect(statuses.every((status) => status === "ready")).to.equal(true);
  });
});
