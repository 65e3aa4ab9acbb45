import { expect } from "chai";
import { generateKeyPairSync } from "node:crypto";
import {
  ConfigurationError,
  MAX_TOKEN_LIFETIME_SECONDS,
  readTokenLifetimeSeconds,
} from "../../functions/src/config";
import {
  VideoConfigValues,
  parseVideoConfig,
  readVideoConfig,
} from "../../functions/src/video-config";

const applicationId = "00000000-0000-4000-8000-000000000001";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pkcs8 = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const pkcs1 = privateKey.export({ type: "pkcs1", format: "pem" }).toString();

function openTokValues(): VideoConfigValues {
  return {
    opentokApiKey: "12345678",
    opentokApiSecret: "secret-value",
    vonageApplicationId: "",
    vonagePrivateKey: "",
    apiUrl: "http://127.0.0.1:8190/",
    runningInEmulator: false,
    allowRemoteInEmulator: false,
  };
}

function vonageValues(): VideoConfigValues {
  return {
    ...openTokValues(),
    opentokApiKey: "",
    opentokApiSecret: "",
    vonageApplicationId: applicationId,
    vonagePrivateKey: pkcs8,
  };
}

function errorOf(values: VideoConfigValues): string {
  try {
    parseVideoConfig(values);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("video configuration", () => {
  it("reads an OpenTok project", () => {
    expect(parseVideoConfig(openTokValues())).to.deep.equal({
      mode: "opentok",
      apiKey: "12345678",
      apiSecret: "secret-value",
      apiUrl: "http://127.0.0.1:8190",
    });
  });

  it("reads a Vonage application", () => {
    const config = parseVideoConfig(vonageValues());
    expect(config.mode).to.equal("vonage");
    expect(config.apiKey).to.equal(applicationId);
    expect(config.apiSecret.startsWith("-----BEGIN PRIVATE KEY-----")).to.equal(
      true,
    );
  });

  it("accepts a key with escaped line breaks", () => {
    const values = vonageValues();
    values.vonagePrivateKey = pkcs8.replace(/\n/g, "\\n");
    expect(parseVideoConfig(values).apiSecret).to.equal(pkcs8);
  });

  it("defaults to each mode's real service", () => {
    const openTok = { ...openTokValues(), apiUrl: "" };
    const vonage = { ...vonageValues(), apiUrl: "" };
    expect(parseVideoConfig(openTok).apiUrl).to.equal(
      "https://api.opentok.com",
    );
    expect(parseVideoConfig(vonage).apiUrl).to.equal(
      "https://video.api.vonage.com",
    );
  });

  it("ignores the other mode's secret", () => {
    const values = { ...vonageValues(), opentokApiSecret: "left-over" };
    expect(parseVideoConfig(values).mode).to.equal("vonage");
  });

  const broken: [string, Partial<VideoConfigValues>, string][] = [
    ["both IDs", { vonageApplicationId: applicationId }, "Both"],
    ["neither ID", { opentokApiKey: "" }, "Neither"],
    ["a non-numeric key", { opentokApiKey: "abc" }, "OPENTOK_API_KEY"],
    ["no secret", { opentokApiSecret: "" }, "OPENTOK_API_SECRET"],
    ["secret none", { opentokApiSecret: "none" }, "OPENTOK_API_SECRET"],
    ["a padded secret", { opentokApiSecret: " x " }, "OPENTOK_API_SECRET"],
    ["a bad URL", { apiUrl: "not a url" }, "OPENTOK_API_URL"],
    ["an ftp URL", { apiUrl: "ftp://127.0.0.1" }, "OPENTOK_API_URL"],
  ];
  for (const [name, change, expected] of broken) {
    it(`rejects OpenTok config with ${name}`, () => {
      expect(errorOf({ ...openTokValues(), ...change })).to.contain(expected);
    });
  }

  const brokenVonage: [string, Partial<VideoConfigValues>, string][] = [
    [
      "a non-UUID ID",
      { vonageApplicationId: "app-1" },
      "VONAGE_APPLICATION_ID",
    ],
    ["no key", { vonagePrivateKey: "" }, "VONAGE_PRIVATE_KEY"],
    ["key none", { vonagePrivateKey: "none" }, "VONAGE_PRIVATE_KEY"],
    ["a PKCS#1 key", { vonagePrivateKey: pkcs1 }, "PKCS#1"],
    ["a non-PEM key", { vonagePrivateKey: "abc" }, "VONAGE_PRIVATE_KEY"],
    [
      "a damaged key",
      {
        vonagePrivateKey:
          "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
      },
      "not a valid PEM",
    ],
  ];
  for (const [name, change, expected] of brokenVonage) {
    it(`rejects Vonage config with ${name}`, () => {
      expect(errorOf({ ...vonageValues(), ...change })).to.contain(expected);
    });
  }

  it("keeps secrets out of errors", () => {
    const message = errorOf({
      ...openTokValues(),
      opentokApiSecret: " x-secret-x ",
    });
    expect(message).to.not.contain("x-secret-x");
    const keyMessage = errorOf({ ...vonageValues(), vonagePrivateKey: pkcs1 });
    expect(keyMessage).to.not.contain(pkcs1.split("\n")[1]);
  });

  it("keeps the emulator off remote URLs", () => {
    const values = {
      ...openTokValues(),
      apiUrl: "https://api.opentok.com",
      runningInEmulator: true,
    };
    expect(errorOf(values)).to.contain("ALLOW_REMOTE_OPENTOK_IN_EMULATOR");
    expect(
      parseVideoConfig({ ...values, allowRemoteInEmulator: true }).apiUrl,
    ).to.equal("https://api.opentok.com");
  });

  it("allows loopback in the emulator", () => {
    const values = { ...openTokValues(), runningInEmulator: true };
    expect(parseVideoConfig(values).apiUrl).to.equal("http://127.0.0.1:8190");
  });
});

// Parameters and secrets read their values from process.env outside a
// deployed function, which is how these tests set them.
describe("parameter reading", () => {
  const names = [
    "FUNCTIONS_EMULATOR",
    "ALLOW_REMOTE_OPENTOK_IN_EMULATOR",
    "OPENTOK_API_KEY",
    "OPENTOK_API_SECRET",
    "VONAGE_APPLICATION_ID",
    "VONAGE_PRIVATE_KEY",
    "OPENTOK_API_URL",
    "TOKEN_LIFETIME_SECONDS",
  ];
  const saved: Record<string, string | undefined> = {};

  beforeEach(() => {
    for (const name of names) saved[name] = process.env[name];
    delete process.env.FUNCTIONS_EMULATOR;
    process.env.OPENTOK_API_KEY = "12345678";
    process.env.OPENTOK_API_SECRET = "secret-value";
    process.env.VONAGE_APPLICATION_ID = "";
    process.env.VONAGE_PRIVATE_KEY = "none";
    process.env.OPENTOK_API_URL = "http://127.0.0.1:8190";
    process.env.TOKEN_LIFETIME_SECONDS = "3600";
  });

  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("reads OpenTok parameters", () => {
    expect(readVideoConfig().mode).to.equal("opentok");
  });

  it("reads Vonage parameters", () => {
    process.env.OPENTOK_API_KEY = "";
    process.env.OPENTOK_API_SECRET = "none";
    process.env.VONAGE_APPLICATION_ID = applicationId;
    process.env.VONAGE_PRIVATE_KEY = pkcs8;
    expect(readVideoConfig().mode).to.equal("vonage");
  });

  it("reads the emulator flag", () => {
    process.env.FUNCTIONS_EMULATOR = "true";
    process.env.OPENTOK_API_URL = "https://api.opentok.com";
    expect(readVideoConfig).to.throw(ConfigurationError);
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
