import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { DevServerCredentials } from "./auth";
import { startOpenTokDevServer, type RequestLogEntry } from "./server";

const DEFAULT_PORT = 8790;

const USAGE = `Usage: node lib/tools/opentok-dev-server/cli.js [options]

Local development stand-in for the OpenTok / Vonage Video REST API. It is not
the real service: it implements only POST /session/create and listens on
127.0.0.1 only.

Each option falls back to the environment variable in brackets.
  --port N                TCP port, 0 for a free one (default ${DEFAULT_PORT})
                          [OPENTOK_DEV_SERVER_PORT]
  --api-key KEY           OpenTok API key [OPENTOK_API_KEY]
  --api-secret SECRET     OpenTok API secret [OPENTOK_API_SECRET]. Prefer the
                          variable, because other local users can read
                          command lines.
  --application-id UUID   Vonage application ID [VONAGE_APPLICATION_ID]
  --public-key-file PATH  PEM public key file of the Vonage application
                          [VONAGE_PUBLIC_KEY_FILE]
  --help                  Print this help

Give an API key and secret for OpenTok mode, or an application ID and a public
key file for Vonage mode. Test controls: GET, POST and DELETE /_dev/faults,
GET /_dev/stats, POST /_dev/reset.`;

type Flags = Partial<Record<string, string | boolean>>;

function option(
  flags: Flags,
  name: string,
  variable: string,
): string | undefined {
  const value = flags[name];
  const text = typeof value === "string" ? value : process.env[variable];
  return text === undefined || text === "" ? undefined : text;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) {
    return DEFAULT_PORT;
  }
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new Error(`Invalid port "${text}": use an integer from 0 to 65535.`);
  }
  return port;
}

function readCredentials(flags: Flags): DevServerCredentials {
  const apiKey = option(flags, "api-key", "OPENTOK_API_KEY");
  const apiSecret = option(flags, "api-secret", "OPENTOK_API_SECRET");
  const applicationId = option(
    flags,
    "application-id",
    "VONAGE_APPLICATION_ID",
  );
  const publicKeyFile = option(
    flags,
    "public-key-file",
    "VONAGE_PUBLIC_KEY_FILE",
  );
  if (applicationId !== undefined || publicKeyFile !== undefined) {
    if (apiKey !== undefined || apiSecret !== undefined) {
      throw new Error(
        "Both OpenTok and Vonage credentials are set. Set only one pair.",
      );
    }
    if (applicationId === undefined || publicKeyFile === undefined) {
      throw new Error(
        "Vonage mode needs both VONAGE_APPLICATION_ID and VONAGE_PUBLIC_KEY_FILE.",
      );
    }
    let publicKey: string;
    try {
      publicKey = readFileSync(publicKeyFile, "utf8");
    } catch {
      throw new Error(`Cannot read the public key file "${publicKeyFile}".`);
    }
    return { mode: "vonage", applicationId, publicKey };
  }
  if (apiKey === undefined || apiSecret === undefined) {
    throw new Error(
      "Missing credentials: set OPENTOK_API_KEY and OPENTOK_API_SECRET.",
    );
  }
  return { mode: "opentok", apiKey, apiSecret };
}

function logRequest(entry: RequestLogEntry): void {
  const status = entry.status === 0 ? "closed" : String(entry.status);
  console.log(
    `${entry.method} ${entry.path} ${status} ${entry.mode} (${entry.note})`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      "api-key": { type: "string" },
      "api-secret": { type: "string" },
      "application-id": { type: "string" },
      "public-key-file": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const port = parsePort(option(values, "port", "OPENTOK_DEV_SERVER_PORT"));
  const credentials = readCredentials(values);
  const server = await startOpenTokDevServer({
    port,
    credentials,
    onRequest: logRequest,
  });
  const project =
    credentials.mode === "opentok"
      ? `API key ${credentials.apiKey}`
      : `application ID ${credentials.applicationId}`;
  console.log(
    `OpenTok dev server (a local stand-in, not the real OpenTok service) listening on ` +
      `${server.url} in ${server.mode} mode for ${project}`,
  );

  const stop = (signal: string): void => {
    console.log(`OpenTok dev server received ${signal}, stopping.`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`OpenTok dev server failed to stop: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(
    `OpenTok dev server: ${error instanceof Error ? error.message : String(error)}`,
  );
  console.error("Run with --help for the options.");
  process.exit(2);
});
