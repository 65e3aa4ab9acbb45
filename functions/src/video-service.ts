import type OpenTok from "opentok";
import type { SessionErrorCode } from "./broadcast";
import type { VideoConfig } from "./video-config";

/** Role granted by a token: owners publish, everyone else subscribes. */
export type TokenRole = "publisher" | "subscriber";

/** Options for one client token. */
export interface TokenRequest {
  role: TokenRole;
  /** Expiry in seconds since the epoch. */
  expireTime: number;
  /** Connection data shown to the other clients in the session. */
  data: string;
}

/** The calls this backend makes to the video platform. */
export interface VideoService {
  /** API key that clients pass to the OpenTok client SDKs. */
  readonly apiKey: string;
  /** Creates a routed session and returns its ID. */
  createRoutedSession(): Promise<string>;
  /** Returns true when the session ID was issued for this API key. */
  ownsSessionId(sessionId: string): boolean;
  /** Signs a client token for a session of this API key. */
  generateToken(sessionId: string, request: TokenRequest): string;
}

/**
 * A failed call to the video platform. The message is ours and safe to
 * log; upstream text is never copied into it.
 */
export class VideoServiceError extends Error {
  constructor(
    readonly code: SessionErrorCode,
    readonly retryable: boolean,
    message: string,
  ) {
    super(message);
    this.name = "VideoServiceError";
  }
}

const SESSION_ID_PATTERN = /^[12]_[A-Za-z0-9_=-]{1,1000}$/;

/**
 * Returns the API key field of an OpenTok session ID: `1_` or `2_`, then
 * URL-safe base64 of `~`-separated fields whose second is the API key, as
 * the opentok SDK's own decodeSessionId reads it.
 */
export function apiKeyOfSessionId(sessionId: string): string | undefined {
  if (!SESSION_ID_PATTERN.test(sessionId)) return undefined;
  const base64 = sessionId.slice(2).replace(/-/g, "+").replace(/_/g, "/");
  // "ascii" as in the SDK, which drops each byte's high bit, so that both
  // read the same fields from the same bytes.
  const fields = Buffer.from(base64, "base64").toString("ascii").split("~");
  return fields[1] === undefined || fields[1] === "" ? undefined : fields[1];
}

/**
 * Sorts an error from the opentok SDK into a retryable or final failure.
 * NOTE: opentok 2.23 wraps every createSession error into a plain Error
 * whose text starts "Failed to createSession.". Only the text of its
 * AuthError ("Invalid API key or secret", for HTTP 401 and 403) and its
 * NotFoundError ("Not Found") marks a final failure. A SyntaxError or
 * TypeError in the text comes from a body it could not parse or read.
 */
function classifyCreateSessionError(error: Error): VideoServiceError {
  if (error.message.includes("Invalid API key or secret")) {
    return new VideoServiceError(
      "auth-failed",
      false,
      "The video service rejected the API key or secret.",
    );
  }
  if (error.message.includes("Not Found")) {
    return new VideoServiceError(
      "rejected",
      false,
      "The video service has no session endpoint at the configured URL.",
    );
  }
  if (/SyntaxError|TypeError/.test(error.message)) {
    return new VideoServiceError(
      "invalid-response",
      true,
      "The video service returned a malformed response.",
    );
  }
  return new VideoServiceError(
    "unavailable",
    true,
    "The video service could not be reached or returned an error status.",
  );
}

/** Video service backed by the `opentok` SDK. */
export class OpenTokVideoService implements VideoService {
  readonly apiKey: string;

  constructor(
    private readonly client: OpenTok,
    config: VideoConfig,
    private readonly callTimeoutMs: number,
  ) {
    this.apiKey = config.apiKey;
  }

  createRoutedSession(): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      // The SDK (2.23) ignores its own timeout option for REST calls, so
      // the call is abandoned here instead and a late response is dropped.
      const timer = setTimeout(() => {
        reject(
          new VideoServiceError(
            "unavailable",
            true,
            `The video service did not answer within ${this.callTimeoutMs} ms.`,
          ),
        );
      }, this.callTimeoutMs);

      // The SDK can call back twice when its own callback throws, so only
      // the first call settles the promise (a promise settles once).
      this.client.createSession({ mediaMode: "routed" }, (error, session) => {
        clearTimeout(timer);
        if (error) {
          reject(classifyCreateSessionError(error));
        } else if (!session || !this.ownsSessionId(session.sessionId)) {
          reject(
            new VideoServiceError(
              "invalid-response",
              true,
              "The video service returned no valid session ID for this API key.",
            ),
          );
        } else {
          resolve(session.sessionId);
        }
      });
    });
  }

  ownsSessionId(sessionId: string): boolean {
    return apiKeyOfSessionId(sessionId) === this.apiKey;
  }

  generateToken(sessionId: string, request: TokenRequest): string {
    // In Vonage mode the SDK (2.23) reads the expiry from `expire_time`
    // and ignores `expireTime`; in OpenTok mode `expireTime` wins.
    return this.client.generateToken(sessionId, {
      role: request.role,
      expireTime: request.expireTime,
      expire_time: request.expireTime,
      data: request.data,
    });
  }
}

let cached: { key: string; service: OpenTokVideoService } | undefined;

/**
 * Returns an OpenTok-backed service for the configuration, reusing the SDK
 * client while the configuration stays the same. The SDK is loaded on
 * first use so that functions that never call it start faster.
 */
export async function openTokVideoService(
  config: VideoConfig,
  callTimeoutMs: number,
): Promise<VideoService> {
  const key = JSON.stringify([config, callTimeoutMs]);
  if (cached?.key !== key) {
    const { default: OpenTokClient } = await import("opentok");
    const client = new OpenTokClient(config.apiKey, config.apiSecret, {
      apiUrl: config.apiUrl,
    });
    cached = {
      key,
      service: new OpenTokVideoService(client, config, callTimeoutMs),
    };
  }
  return cached.service;
}
