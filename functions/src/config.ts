import {
  defineBoolean,
  defineInt,
  defineList,
  defineSecret,
  defineString,
} from "firebase-functions/params";

/** OpenTok's maximum token lifetime: 30 days, in seconds. */
export const MAX_TOKEN_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

/**
 * OpenTok project API key, a number shown on the Video API account page.
 * Empty when the backend uses a Vonage application instead.
 */
export const opentokApiKey = defineString("OPENTOK_API_KEY", {
  default: "",
  description: "OpenTok project API key (digits only); empty for Vonage",
});

/** OpenTok project API secret, stored in Secret Manager in production. */
export const opentokApiSecret = defineSecret("OPENTOK_API_SECRET");

/**
 * Vonage Video application ID, a UUID from the Vonage dashboard. Empty
 * when the backend uses an OpenTok project instead.
 */
export const vonageApplicationId = defineString("VONAGE_APPLICATION_ID", {
  default: "",
  description: "Vonage application ID (a UUID); empty for OpenTok",
});

/**
 * The Vonage application's private key, a PKCS#8 PEM stored in Secret
 * Manager in production. Set it to `none` for an OpenTok project.
 */
export const vonagePrivateKey = defineSecret("VONAGE_PRIVATE_KEY");

/**
 * Base URL of the video REST API. Empty means the real service:
 * https://api.opentok.com for an OpenTok project and
 * https://video.api.vonage.com for a Vonage application.
 */
export const opentokApiUrl = defineString("OPENTOK_API_URL", {
  default: "",
  description: "Base URL of the video REST API; empty for the real service",
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
