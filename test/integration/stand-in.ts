import { createPublicKey } from "node:crypto";
import {
  DevServer,
  DevServerCredentials,
  startOpenTokDevServer,
} from "../../tools/opentok-dev-server";
import { closeNetworkExcept } from "../support/network-guard";
import { functionParams, functionSecrets } from "./emulator-env";

let server: DevServer | undefined;
let openNetwork: (() => void) | undefined;

/**
 * Returns the OpenTok stand-in that the root hooks below start once, at the
 * Functions emulator's OPENTOK_API_URL and with the same demo credentials.
 */
export function standIn(): DevServer {
  if (!server) throw new Error("The OpenTok stand-in has not started.");
  return server;
}

/** Returns the stand-in's credentials for the emulator project's mode. */
function credentials(): DevServerCredentials {
  const applicationId = functionParams.VONAGE_APPLICATION_ID ?? "";
  if (applicationId !== "") {
    const publicKey = createPublicKey(functionSecrets.VONAGE_PRIVATE_KEY)
      .export({ type: "spki", format: "pem" })
      .toString();
    return { mode: "vonage", applicationId, publicKey };
  }
  return {
    mode: "opentok",
    apiKey: functionParams.OPENTOK_API_KEY,
    apiSecret: functionSecrets.OPENTOK_API_SECRET,
  };
}

/** Waits until the condition holds, polling, or fails after timeoutMs. */
export async function waitFor<T>(
  description: string,
  read: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${description}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Mocha root hooks, loaded with `--require`, for the emulator test run. */
export const mochaHooks = {
  async beforeAll(): Promise<void> {
    // Everything these tests use runs on loopback.
    openNetwork = closeNetworkExcept();
    const url = new URL(functionParams.OPENTOK_API_URL);
    server = await startOpenTokDevServer({
      port: Number(url.port),
      credentials: credentials(),
    });
  },
  async afterAll(): Promise<void> {
    await server?.close();
    openNetwork?.();
  },
};
