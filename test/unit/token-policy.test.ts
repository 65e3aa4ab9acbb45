import { expect } from "chai";
import fc from "fast-check";
import {
  MAX_CONNECTION_DATA_LENGTH,
  connectionDataFor,
  roleFor,
} from "../../functions/src/token-policy";

describe("token policy", () => {
  it("makes only the owner a publisher", () => {
    expect(roleFor("alice", "alice")).to.equal("publisher");
    expect(roleFor("bob", "alice")).to.equal("subscriber");
    expect(roleFor("", "")).to.equal("subscriber");
    expect(roleFor("alice", undefined)).to.equal("subscriber");
  });

  it("puts uid and name in connection data", () => {
    expect(JSON.parse(connectionDataFor("u1", "Ada"))).to.deep.equal({
      uid: "u1",
      name: "Ada",
    });
  });

  for (const name of [undefined, null, 42, "", "   ", { first: "Ada" }]) {
    it(`leaves out display name ${JSON.stringify(name)}`, () => {
      expect(JSON.parse(connectionDataFor("u1", name))).to.deep.equal({
        uid: "u1",
      });
    });
  }

  it("fits any display name in the limit", () => {
    const uid = fc.stringMatching(/^[A-Za-z0-9]{1,128}$/);
    const name = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 2000 }),
      fc.string({ unit: "binary", maxLength: 2000 }),
      fc.constantFrom("\u0000".repeat(600), '"'.repeat(900), "\\".repeat(999)),
    );
    fc.assert(
      fc.property(uid, name, (uidValue, nameValue) => {
        const data = connectionDataFor(uidValue, nameValue);
        const parsed = JSON.parse(data) as Record<string, unknown>;

        expect(data.length).to.be.at.most(MAX_CONNECTION_DATA_LENGTH);
        expect(parsed.uid).to.equal(uidValue);
        expect(
          Object.keys(parsed).every((key) => key === "uid" || key === "name"),
        ).to.equal(true);
        if (typeof parsed.name === "string") {
          expect(nameValue.startsWith(parsed.name)).to.equal(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("cuts a long name at a code point", () => {
    const data = connectionDataFor("u1", "😀".repeat(1000));
    const name = (JSON.parse(data) as { name: string }).name;
    expect(data.length).to.be.at.most(MAX_CONNECTION_DATA_LENGTH);
    expect([...name].every((character) => character === "😀")).to.equal(true);
  });
});
