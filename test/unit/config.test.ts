import { expect } from "chai";
import {
  ConfigurationError,
  MAX_TOKEN_LIFETIME_SECONDS,
  readTokenLifetimeSeconds,
  readVideoConfig,
} from "../../functions/src/config";

// Parameters and secrets read their values from process.env outside a
// deployed function, which is how these tests set them.
const names = [
  "FUNCTIONS_EMULATOR",
  "ALLOW_REMOTE_OPENTOK_IN_EMULATOR",
  "OPENTOK_API_KEY",
  "OPENTOK_API_SECRET",
  "OPENTOK_API_URL",
  "TOKEN_LIFETIME_SECONDS",
];

describe("configuration", () => {
  const saved: Record<string, string | undefined> = {};

  beforeEach(() => {
    for (const name of names) saved[name] = process.env[name];
    process.env.OPENTOK_API_KEY = "12345678";
    process.env.OPENTOK_API_SECRET = "secret-value";
    process.env.OPENTOK_API_URL = "http://127.0.0.1:8190/";
    process.env.TOKEN_LIFETIME_SECONDS = "3600";
  });

  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("reads valid video settings", () => {
    expect(readVideoConfig()).to.deep.equal({
      apiKey: "12345678",
      apiSecret: "secret-value",
      apiUrl: "http://127.0.0.1:8190",
    });
  });

  const badValues: [string, string][] = [
    ["OPENTOK_API_KEY", ""],
    ["OPENTOK_API_KEY", "abc"],
    ["OPENTOK_API_SECRET", ""],
    ["OPENTOK_API_SECRET", " secret-value"],
    ["OPENTOK_API_URL", "not a url"],
    ["OPENTOK_API_URL", "ftp://127.0.0.1"],
  ];
  for (const [name, value] of badValues) {
    it(`rejects ${name}="${value}"`, () => {
      process.env[name] = value;
      expect(readVideoConfig).to.throw(ConfigurationError, name);
    });
  }

  it("keeps the secret out of errors", () => {
    process.env.OPENTOK_API_SECRET = " secret-value";
    expect(readVideoConfig)
      .to.throw(ConfigurationError)
      .that.satisfies(
        (error: Error) => !error.message.includes("secret-value"),
      );
  });

  it("keeps the emulator off real OpenTok", () => {
    process.env.FUNCTIONS_EMULATOR = "true";
    process.env.OPENTOK_API_URL = "https://api.opentok.com";
    expect(readVideoConfig).to.throw(
      ConfigurationError,
      "ALLOW_REMOTE_OPENTOK_IN_EMULATOR",
    );
  });

  it("lets the emulator opt in to OpenTok", () => {
    process.env.FUNCTIONS_EMULATOR = "true";
    process.env.ALLOW_REMOTE_OPENTOK_IN_EMULATOR = "true";
    process.env.OPENTOK_API_URL = "https://api.opentok.com";
    expect(readVideoConfig().apiUrl).to.equal("https://api.opentok.com");
  });

  it("allows a loopback URL in the emulator", () => {
    process.env.FUNCTIONS_EMULATOR = "true";
    expect(readVideoConfig().apiUrl).to.equal("http://127.0.0.1:8190");
  });

  it("allows a remote URL when deployed", () => {
    delete process.env.FUNCTIONS_EMULATOR;
    process.env.OPENTOK_API_URL = "https://api.opentok.com";
    expect(readVideoConfig().apiUrl).to.equal("https://api.opentok.com");
  });

  it("reads the token lifetime", () => {
    expect(readTokenLifetimeSeconds()).to.equal(3600);
  });

  it("accepts the 30-day maximum lifetime", () => {
    process.env.TOKEN_LIFETIME_SECONDS = String(MAX_TOKEN_LIFETIME_SECONDS);
    expect(readTokenLifetimeSeconds()).to.equal(2_592_000);
  });

  for (const value of ["0", "-5", String(MAX_TOKEN_LIFETIME_SECONDS + 1)]) {
    it(`rejects lifetime ${value}`, () => {
      process.env.TOKEN_LIFETIME_SECONDS = value;
      expect(readTokenLifetimeSeconds).to.throw(ConfigurationError);
    });
  }
});
