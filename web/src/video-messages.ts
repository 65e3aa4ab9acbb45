import type { StatusMessage } from "./messages";
import type { StatusState } from "./status";
import { VideoConnectError, VideoEvent } from "./video";

// Status line wording for the OpenTok part of joining a broadcast.

const VIDEO_EVENT_STATUS: Record<
  VideoEvent["kind"],
  { state: StatusState; message: string }
> = {
  "owner-streaming": {
    state: "connected",
    message: "Connected as subscriber. Watching the owner's video.",
  },
  "owner-stopped": {
    state: "connected",
    message: "Connected as subscriber. The owner stopped the video.",
  },
  reconnecting: {
    state: "connecting",
    message: "Lost the video connection. Reconnecting…",
  },
  reconnected: { state: "connected", message: "Reconnected to the video." },
  disconnected: {
    state: "error",
    message: "Disconnected from the video service.",
  },
  "media-failed": { state: "error", message: "The video could not start." },
};

/** Describes a joined session for the publisher or a subscriber. */
export function describeConnected(
  role: "publisher" | "subscriber",
): StatusMessage {
  return {
    state: "connected",
    message:
      role === "publisher"
        ? "Connected as publisher. Your camera and microphone are live."
        : "Connected as subscriber. Waiting for the owner's video.",
  };
}

/** Describes why joining the OpenTok session failed. */
export function describeConnectError(error: unknown): StatusMessage {
  if (error instanceof VideoConnectError && !error.unreachable) {
    return {
      state: "video-rejected",
      message: `The video service rejected the connection (${error.detail}).`,
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    state: "video-unreachable",
    message: `Could not reach the video service (${detail}). Check the network and open the broadcast again.`,
  };
}

/** Describes a change of the joined session. */
export function describeVideoEvent(event: VideoEvent): StatusMessage {
  const { state, message } = VIDEO_EVENT_STATUS[event.kind];
  let detail = "";
  if (event.kind === "disconnected") detail = ` Reason: ${event.reason}.`;
  if (event.kind === "media-failed") detail = ` ${event.detail}`;
  return { state, message: message + detail };
}
