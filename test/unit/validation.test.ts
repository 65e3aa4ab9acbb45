import { expect } from "chai";
import { HttpsError } from "firebase-functions/v2/https";
import { parseBroadcastId } from "../../functions/src/validation";

function codeOf(data: unknown): string | undefined {
  try {
    parseBroadcastId(data);
    return undefined;
  } catch (error) {
    expect(error).to.be.instanceOf(HttpsError);
    return (error as HttpsError).code;
  }
}

describe("parseBroadcastId", () => {
  const rejected: [string, unknown][] = [
    ["data missing", undefined],
    ["data null", null],
    ["data a string", "abc"],
    ["data an array", ["abc"]],
    ["broadcastId missing", {}],
    ["broadcastId null", { broadcastId: null }],
    ["broadcastId a number", { broadcastId: 42 }],
    ["broadcastId an object", { broadcastId: { id: "a" } }],
    ["broadcastId empty", { broadcastId: "" }],
    ["broadcastId with slash", { broadcastId: "a/b" }],
    ["broadcastId a dot", { broadcastId: "." }],
    ["broadcastId two dots", { broadcastId: ".." }],
    ["broadcastId reserved", { broadcastId: "__name__" }],
    ["broadcastId lone surrogate", { broadcastId: "a\uD800b" }],
    ["broadcastId 1501 bytes", { broadcastId: "a".repeat(1501) }],
    ["broadcastId 751 two-byte chars", { broadcastId: "é".repeat(751) }],
  ];
  for (const [name, data] of rejected) {
    it(`rejects ${name}`, () => {
      expect(codeOf(data)).to.equal("invalid-argument");
    });
  }

  const accepted = [
    "abc",
    "a".repeat(1500),
    "é".repeat(750),
    "__a",
    "a__",
    "...",
    "emoji-😀",
  ];
  for (const broadcastId of accepted) {
    it(`accepts ${broadcastId.slice(0, 12)} (${broadcastId.length} chars)`, () => {
      expect(parseBroadcastId({ broadcastId })).to.equal(broadcastId);
    });
  }

  it("names the rule in its message", () => {
    try {
      parseBroadcastId({ broadcastId: "a/b" });
      expect.fail("expected an error");
    } catch (error) {
      expect((error as HttpsError).message).to.contain('"/"');
    }
  });
});
