import {
  defineBoolean,
  defineInt,
  defineList,
  defineSecret,
  defineString,
} from "firebase-functions/params";

/** OpenTok's maximum token lifetime: 30 days, in seconds. */
export const MAX_TOKEN_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

/** OpenTok project API key, a number shown on the Video API account page. */
export const opentokApiKey = defineString("OPENTOK_API_KEY", {
  description: "OpenTok project API key (digits only)",
});

/** OpenTok project API secret; Secret Manager holds it in production. */
export const opentokApiSecret = defineSecret("OPENTOK_API_SECRET");

/** Base URL of the OpenTok REST API. */
export const opentokApiUrl = defineString("OPENTOK_API_URL", {
  default: "https://api.opentok.com",
  description: "Base URL of the OpenTok REST API",
});

/** Lifetime of issued tokens, in seconds. */
export const tokenLifetimeSeconds = defineInt("TOKEN_LIFETIME_SECONDS", {
  default: 3600,
  description: `Token lifetime in seconds, 1 to ${MAX_TOKEN_LIFETIME_SECONDS}`,
});

/**
 * Whether callables reject requests without a valid App Check token. Keep
 * it on in production; the demo projects turn it off in their .env files.
 */
export const enforceAppCheck = defineBoolean("ENFORCE_APP_CHECK", {
  default: true,
  description: "Reject callable requests without a valid App Check token",
});

/**
 * Web origins that may call the callables from a browser, such as
 * https://my-project.web.app. Native apps send no Origin and are not
 * affected. The Functions emulator allows every origin regardless.
 */
export const allowedOrigins = defineList("ALLOWED_ORIGINS", {
  description: "Comma-separated web origins allowed to call the functions",
});

/**
 * Set to true to let the Functions emulator call an OpenTok URL outside
 * this machine, which creates real sessions on a real account.
 */
export const allowRemoteOpenTokInEmulator = defineBoolean(
  "ALLOW_REMOTE_OPENTOK_IN_EMULATOR",
  { default: false },
);

/**
 * A configuration value that cannot work. The message names the parameter
 * and the rule it breaks, never the value, because the value may be secret.
 */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/** Credentials and endpoint for the OpenTok REST API. */
export interface VideoConfig {
  apiKey: string;
  apiSecret: string;
  apiUrl: string;
}

/**
 * Reads and checks the OpenTok parameters. Call only inside a handler,
 * because secrets have no value at deploy time.
 * @throws ConfigurationError when a value is missing or malformed.
 */
export function readVideoConfig(): VideoConfig {
  const apiKey = opentokApiKey.value();
  const apiSecret = opentokApiSecret.value();
  const apiUrl = opentokApiUrl.value();

  if (!/^\d+$/.test(apiKey)) {
    throw new ConfigurationError(
      "OPENTOK_API_KEY is missing or not a number; set it to the project API key.",
    );
  }
  if (apiSecret.trim() === "" || apiSecret.trim() !== apiSecret) {
    throw new ConfigurationError(
      "OPENTOK_API_SECRET is missing or has surrounding whitespace; set it to the project API secret.",
    );
  }
  if (!isHttpUrl(apiUrl)) {
    throw new ConfigurationError(
      "OPENTOK_API_URL is not an http or https URL.",
    );
  }
  if (
    process.env.FUNCTIONS_EMULATOR === "true" &&
    !isLoopbackUrl(apiUrl) &&
    !allowRemoteOpenTokInEmulator.value()
  ) {
    throw new ConfigurationError(
      "OPENTOK_API_URL points outside this machine while running in the emulator; set ALLOW_REMOTE_OPENTOK_IN_EMULATOR=true to create real sessions.",
    );
  }
  return { apiKey, apiSecret, apiUrl: apiUrl.replace(/\/+$/, "") };
}

/**
 * Reads the token lifetime in seconds.
 * @throws ConfigurationError when it is not a whole number from 1 to 30 days.
 */
export function readTokenLifetimeSeconds(): number {
  const lifetime = tokenLifetimeSeconds.value();
  if (
    !Number.isInteger(lifetime) ||
    lifetime < 1 ||
    lifetime > MAX_TOKEN_LIFETIME_SECONDS
  ) {
    throw new ConfigurationError(
      `TOKEN_LIFETIME_SECONDS must be a whole number from 1 to ${MAX_TOKEN_LIFETIME_SECONDS} (30 days).`,
    );
  }
  return lifetime;
}

function isLoopbackUrl(value: string): boolean {
  const host = new URL(value).hostname;
  return host === "localhost" || host === "[::1]" || /^127\./.test(host);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
