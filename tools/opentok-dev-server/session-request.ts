import { isIPv4 } from "node:net";

/** The validated form parameters of `POST /session/create`. */
export interface SessionCreateRequest {
  /** True for `p2p.preference=enabled` (relayed media mode). */
  relayed: boolean;
  archiveMode: "manual" | "always";
  /** IPv4 location hint, or "" when none was sent. */
  location: string;
}

export type SessionCreateParseResult =
  { ok: true; request: SessionCreateRequest } | { ok: false; message: string };

// Parameters that the REST reference and the SDKs (opentok-node 2.23 JSDoc)
// document for this call.
const KNOWN_PARAMETERS = [
  "p2p.preference",
  "archiveMode",
  "location",
  "e2ee",
  "archiveName",
  "archiveResolution",
];
const ARCHIVE_RESOLUTIONS = [
  "480x640",
  "640x480",
  "720x1280",
  "1280x720",
  "1080x1920",
  "1920x1080",
];
const MAX_ARCHIVE_NAME_LENGTH = 80;

function invalid(message: string): SessionCreateParseResult {
  return { ok: false, message };
}

// Keeps error messages short when a client sends a long value.
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value);
}

/**
 * Parses and validates a form-encoded `POST /session/create` body.
 *
 * p2p.preference must be "enabled" or "disabled" (default "disabled", as in the
 * REST reference). archiveMode must be "manual" or "always" (default "manual"),
 * and "always" needs "disabled". location must be empty or an IPv4 address.
 * e2ee must be "true" or "false". archiveName (at most 80 characters) and
 * archiveResolution are accepted only with archiveMode=always, because the real
 * service rejected them otherwise with 400
 * (github.com/opentok/Opentok-.NET-SDK/issues/229). Other parameter names are
 * ignored. Returns a message for the 400 response instead of throwing.
 */
export function parseSessionCreateForm(body: string): SessionCreateParseResult {
  const form = new URLSearchParams(body);
  for (const name of KNOWN_PARAMETERS) {
    if (form.getAll(name).length > 1) {
      return invalid(`Parameter ${name} must appear at most once.`);
    }
  }

  const preference = form.get("p2p.preference") ?? "disabled";
  if (preference !== "enabled" && preference !== "disabled") {
    return invalid(
      `Invalid p2p.preference ${quote(preference)}. Use "enabled" or "disabled".`,
    );
  }
  const archiveMode = form.get("archiveMode") ?? "manual";
  if (archiveMode !== "manual" && archiveMode !== "always") {
    return invalid(
      `Invalid archiveMode ${quote(archiveMode)}. Use "manual" or "always".`,
    );
  }
  if (archiveMode === "always" && preference !== "disabled") {
    return invalid(
      "archiveMode=always requires p2p.preference=disabled (routed media mode).",
    );
  }

  const location = form.get("location") ?? "";
  if (location !== "" && !isIPv4(location)) {
    return invalid(`Invalid location ${quote(location)}. Use an IPv4 address.`);
  }
  const e2ee = form.get("e2ee");
  if (e2ee !== null && !["true", "false"].includes(e2ee.toLowerCase())) {
    return invalid(`Invalid e2ee ${quote(e2ee)}. Use "true" or "false".`);
  }

  const archiveName = form.get("archiveName");
  const archiveResolution = form.get("archiveResolution");
  if (
    archiveMode !== "always" &&
    (archiveName !== null || archiveResolution !== null)
  ) {
    return invalid(
      "archiveName and archiveResolution require archiveMode=always.",
    );
  }
  if (archiveName !== null && archiveName.length > MAX_ARCHIVE_NAME_LENGTH) {
    return invalid(
      `Invalid archiveName: longer than ${MAX_ARCHIVE_NAME_LENGTH} characters.`,
    );
  }
  if (
    archiveResolution !== null &&
    !ARCHIVE_RESOLUTIONS.includes(archiveResolution)
  ) {
    return invalid(
      `Invalid archiveResolution ${quote(archiveResolution)}. Use one of ${ARCHIVE_RESOLUTIONS.join(", ")}.`,
    );
  }

  return {
    ok: true,
    request: { relayed: preference === "enabled", archiveMode, location },
  };
}
