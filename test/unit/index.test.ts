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
    ]);
  });

  it("exports the token callable", () => {
    const endpoint = functions.getBroadcastToken.__endpoint;
    expect(endpoint.callableTrigger).to.not.equal(undefined);
    expect(endpoint.secretEnvironmentVariables).to.deep.equal([
      { key: "OPENTOK_API_SECRET" },
    ]);
  });
});
