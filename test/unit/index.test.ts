import { expect } from "chai";
import * as functions from "../../functions/src/index";

// The deployed shape of each function, as firebase-tools reads it from the
// function's __endpoint.
describe("functions entry point", () => {
  it("exports the session trigger", () => {
    const endpoint = functions.createBroadcastSession.__endpoint;
    expect(endpoint.eventTrigger?.eventType).to.equal(
      "google.cloud.firestore.document.v1.created",
    );
    expect(endpoint.eventTrigger?.eventFilterPathPatterns).to.deep.equal({
      document: "broadcasts/{broadcastId}",
    });
    expect(endpoint.eventTrigger?.retry).to.equal(false);
    expect(endpoint.secretEnvironmentVariables).to.deep.equal([
      { key: "OPENTOK_API_SECRET" },
      { key: "VONAGE_PRIVATE_KEY" },
    ]);
  });

  for (const name of ["getBroadcastToken", "retryBroadcastSession"] as const) {
    it(`exports the ${name} callable`, () => {
      const endpoint = functions[name].__endpoint;
      expect(endpoint.callableTrigger).to.not.equal(undefined);
      expect(endpoint.secretEnvironmentVariables).to.deep.equal([
        { key: "OPENTOK_API_SECRET" },
        { key: "VONAGE_PRIVATE_KEY" },
      ]);
    });
  }

  it("exports the session sweep", () => {
    const endpoint = functions.sweepBroadcastSessions.__endpoint;
    expect(endpoint.scheduleTrigger?.schedule).to.equal("every 10 minutes");
    expect(endpoint.timeoutSeconds).to.equal(540);
  });
});
