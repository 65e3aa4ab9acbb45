import { createPrivateKey } from "node:crypto";
import {
  ConfigurationError,
  allowRemoteOpenTokInEmulator,
  opentokApiKey,
  opentokApiSecret,
  opentokApiUrl,
  vonageApplicationId,
  vonagePrivateKey,
} from "./config";

/**
 * Credentials and endpoint for the video REST API. In Vonage mode `apiKey`
 * is the application ID and `apiSecret` the private key, which is how the
 * opentok SDK takes them.
 */
export interface VideoConfig {
  mode: "opentok" | "vonage";
  apiKey: string;
  apiSecret: string;
  apiUrl: string;
}

/** Raw parameter values, as strings, that parseVideoConfig checks. */
export interface VideoConfigValues {
  opentokApiKey: string;
  opentokApiSecret: string;
  vonageApplicationId: string;
  vonagePrivateKey: string;
  apiUrl: string;
  runningInEmulator: boolean;
  allowRemoteInEmulator: boolean;
}

const DEFAULT_URLS = {
  opentok: "https://api.opentok.com",
  vonage: "https://video.api.vonage.com",
};

// The same test as the opentok SDK (2.23) uses to switch to Vonage mode.
const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PKCS8_HEADER = "-----BEGIN PRIVATE KEY";

function fail(message: string): never {
  throw new ConfigurationError(message);
}

function checkOpenTok(values: VideoConfigValues): [string, string] {
  const { opentokApiKey: apiKey, opentokApiSecret: secret } = values;
  if (!/^\d+$/.test(apiKey)) {
    fail("OPENTOK_API_KEY is not a number; set it to the project API key.");
  }
  if (secret.trim() === "" || secret.trim() === "none") {
    fail("OPENTOK_API_SECRET is not set; set it to the project API secret.");
  }
  if (secret.trim() !== secret) {
    fail("OPENTOK_API_SECRET has surrounding whitespace; remove it.");
  }
  return [apiKey, secret];
}

function checkVonage(values: VideoConfigValues): [string, string] {
  const applicationId = values.vonageApplicationId;
  // A key pasted into a one-line value often keeps its line breaks as \n.
  const privateKey = values.vonagePrivateKey.replace(/\\n/g, "\n").trim();

  if (!UUID_PATTERN.test(applicationId)) {
    fail("VONAGE_APPLICATION_ID is not a UUID; set it to the application ID.");
  }
  if (privateKey === "" || privateKey === "none") {
    fail(
      "VONAGE_PRIVATE_KEY is not set; set it to the application's private key.",
    );
  }
  if (privateKey.startsWith("-----BEGIN RSA PRIVATE KEY")) {
    fail(
      "VONAGE_PRIVATE_KEY is a PKCS#1 key, which the opentok SDK does not recognize; convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem`.",
    );
  }
  if (!privateKey.startsWith(PKCS8_HEADER)) {
    fail(
      "VONAGE_PRIVATE_KEY is not a PEM private key starting with -----BEGIN PRIVATE KEY-----.",
    );
  }
  try {
    if (createPrivateKey(privateKey).asymmetricKeyType !== "rsa") {
      fail("VONAGE_PRIVATE_KEY is not an RSA key.");
    }
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    fail("VONAGE_PRIVATE_KEY is not a valid PEM private key.");
  }
  return [applicationId, `${privateKey}\n`];
}

function checkUrl(
  values: VideoConfigValues,
  mode: VideoConfig["mode"],
): string {
  const apiUrl = (values.apiUrl || DEFAULT_URLS[mode]).replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    fail("OPENTOK_API_URL is not a URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    fail("OPENTOK_API_URL is not an http or https URL.");
  }
  const local = isLoopbackUrl(url);
  if (values.runningInEmulator && !local && !values.allowRemoteInEmulator) {
    fail(
      "OPENTOK_API_URL points outside this machine while running in the emulator; set ALLOW_REMOTE_OPENTOK_IN_EMULATOR=true to create real sessions.",
    );
  }
  return apiUrl;
}

/** Returns true when the URL's host is this machine's loopback interface. */
export function isLoopbackUrl(url: URL): boolean {
  return (
    ["localhost", "[::1]"].includes(url.hostname) ||
    url.hostname.startsWith("127.")
  );
}

/**
 * Picks OpenTok or Vonage mode from which ID is set and checks the values
 * of that mode. The other mode's secret is ignored.
 * @throws ConfigurationError naming the parameter, never its value, when
 * neither or both IDs are set or a value is malformed.
 */
export function parseVideoConfig(values: VideoConfigValues): VideoConfig {
  const hasOpenTok = values.opentokApiKey.trim() !== "";
  const hasVonage = values.vonageApplicationId.trim() !== "";
  if (hasOpenTok && hasVonage) {
    fail(
      "Both OPENTOK_API_KEY and VONAGE_APPLICATION_ID are set; set only one of them.",
    );
  }
  if (!hasOpenTok && !hasVonage) {
    fail(
      "Neither OPENTOK_API_KEY nor VONAGE_APPLICATION_ID is set; set one of them.",
    );
  }

  const mode = hasVonage ? "vonage" : "opentok";
  const [apiKey, apiSecret] =
    mode === "vonage" ? checkVonage(values) : checkOpenTok(values);
  return { mode, apiKey, apiSecret, apiUrl: checkUrl(values, mode) };
}

/**
 * Reads the video parameters and checks them with parseVideoConfig. Call
 * only inside a handler, because secrets have no value at deploy time.
 * @throws ConfigurationError as parseVideoConfig does.
 */
export function readVideoConfig(): VideoConfig {
  const hasVonage = vonageApplicationId.value().trim() !== "";
  return parseVideoConfig({
    opentokApiKey: opentokApiKey.value(),
    // Only the secret of the chosen mode is read; the other may be unset.
    opentokApiSecret: hasVonage ? "" : opentokApiSecret.value(),
    vonageApplicationId: vonageApplicationId.value(),
    vonagePrivateKey: hasVonage ? vonagePrivateKey.value() : "",
    apiUrl: opentokApiUrl.value(),
    runningInEmulator: process.env.FUNCTIONS_EMULATOR === "true",
    allowRemoteInEmulator: allowRemoteOpenTokInEmulator.value(),
  });
}
