import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { createPublicKey } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigurationError } from "../functions/src/config";
import {
  VideoConfig,
  isLoopbackUrl,
  parseVideoConfig,
} from "../functions/src/video-config";
import { readEnvFile } from "./env-file";

// Usage: npm start [-- --vonage]
// Starts the OpenTok development stand-in and the Firebase Emulator Suite
// for the demo-broadcasts project (demo-broadcasts-vonage with --vonage,
// which uses Vonage application credentials), prints how clients connect
// once both are up, and stops both on Ctrl+C or when either one exits.

const root = path.resolve(__dirname, "../..");
const vonage = process.argv.includes("--vonage");
const projectId = vonage ? "demo-broadcasts-vonage" : "demo-broadcasts";

interface EmulatorPorts {
  auth: number;
  firestore: number;
  functions: number;
  hosting: number;
}

function readEmulatorPorts(): EmulatorPorts {
  const config = JSON.parse(
    readFileSync(path.join(root, "firebase.json"), "utf8"),
  ) as { emulators: Record<string, { port: number }> };
  return {
    auth: config.emulators.auth.port,
    firestore: config.emulators.firestore.port,
    functions: config.emulators.functions.port,
    hosting: config.emulators.hosting.port,
  };
}

function prefixLines(child: ChildProcess, prefix: string): void {
  child.stdout?.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (line !== "") process.stdout.write(`${prefix}${line}\n`);
    }
  });
}

/** Checks the emulator project's video settings as the functions will. */
function readLocalVideoConfig(): VideoConfig {
  const params = readEnvFile(path.join(root, `.env.${projectId}`));
  const secrets = readEnvFile(path.join(root, ".secret.local"));
  return parseVideoConfig({
    opentokApiKey: params.OPENTOK_API_KEY ?? "",
    opentokApiSecret: secrets.OPENTOK_API_SECRET ?? "",
    vonageApplicationId: params.VONAGE_APPLICATION_ID ?? "",
    vonagePrivateKey: secrets.VONAGE_PRIVATE_KEY ?? "",
    apiUrl: params.OPENTOK_API_URL ?? "",
    runningInEmulator: true,
    allowRemoteInEmulator: params.ALLOW_REMOTE_OPENTOK_IN_EMULATOR === "true",
  });
}

/** Environment for the stand-in's command line, in the project's mode. */
function standInEnv(config: VideoConfig, port: string): NodeJS.ProcessEnv {
  if (config.mode === "opentok") {
    return {
      OPENTOK_API_KEY: config.apiKey,
      OPENTOK_API_SECRET: config.apiSecret,
      OPENTOK_DEV_SERVER_PORT: port,
    };
  }
  const publicKeyFile = path.join(root, ".cache/vonage-demo-public-key.pem");
  mkdirSync(path.dirname(publicKeyFile), { recursive: true });
  writeFileSync(
    publicKeyFile,
    createPublicKey(config.apiSecret).export({ type: "spki", format: "pem" }),
  );
  return {
    VONAGE_APPLICATION_ID: config.apiKey,
    VONAGE_PUBLIC_KEY_FILE: publicKeyFile,
    OPENTOK_DEV_SERVER_PORT: port,
  };
}

function printConnectionHelp(ports: EmulatorPorts, apiUrl: string): void {
  const functionsUrl = `http://127.0.0.1:${ports.functions}/${projectId}/us-central1`;
  console.log(`
Broadcasts backend is running locally (project ${projectId}).
  Web app             http://127.0.0.1:${ports.hosting}
  Auth emulator       http://127.0.0.1:${ports.auth}
  Firestore emulator  127.0.0.1:${ports.firestore}
  Callable function   ${functionsUrl}/getBroadcastToken
  OpenTok stand-in    ${apiUrl} (development tool, not the real service)

Connect a web app (Firebase JS SDK) to the emulators:
  connectAuthEmulator(auth, "http://127.0.0.1:${ports.auth}");
  connectFirestoreEmulator(db, "127.0.0.1", ${ports.firestore});
  connectFunctionsEmulator(functions, "127.0.0.1", ${ports.functions});
Connect an iOS app (Firebase iOS SDK):
  Auth.auth().useEmulator(withHost: "127.0.0.1", port: ${ports.auth})
  settings.host = "127.0.0.1:${ports.firestore}"; settings.isSSLEnabled = false
  Functions.functions().useEmulator(withHost: "127.0.0.1", port: ${ports.functions})

Try it from another terminal: npm run demo${vonage ? " -- --vonage" : ""}
Stop with Ctrl+C.
`);
}

function main(): void {
  let config: VideoConfig;
  try {
    config = readLocalVideoConfig();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(
      `Cannot start: ${error.message} (in .env.${projectId} or .secret.local)`,
    );
    process.exit(1);
  }
  const apiUrl = new URL(config.apiUrl);
  if (vonage) {
    // `npm run build` made the web app for demo-broadcasts; this project
    // needs its own build so that the page calls this project's functions.
    const build = spawnSync(
      process.execPath,
      [path.join(root, "node_modules/vite/bin/vite.js"), "build", "web"],
      {
        cwd: root,
        env: { ...process.env, VITE_EMULATOR_PROJECT_ID: projectId },
        stdio: "inherit",
      },
    );
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const ports = readEmulatorPorts();
  const children: ChildProcess[] = [];
  let stopping = false;

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill("SIGINT");
    process.exitCode = code;
  };

  // A remote URL is the real service, which the user opted in to; the
  // stand-in only replaces a service on this machine.
  if (isLoopbackUrl(apiUrl)) {
    const standIn = spawn(
      process.execPath,
      [path.join(root, "lib/tools/opentok-dev-server/cli.js")],
      {
        env: { ...process.env, ...standInEnv(config, apiUrl.port) },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    children.push(standIn);
    prefixLines(standIn, "[opentok-dev-server] ");
  }

  const emulators = spawn(
    "bash",
    [
      path.join(root, "tools/firebase-emulators.sh"),
      "start",
      "--project",
      projectId,
    ],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(emulators);
  emulators.stdout?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    process.stdout.write(text);
    if (text.includes("All emulators ready")) {
      printConnectionHelp(ports, apiUrl.origin);
    }
  });

  for (const child of children) {
    child.on("exit", (code) => {
      if (!stopping) {
        console.error("A local service stopped; stopping the others.");
      }
      stop(code ?? 1);
    });
  }
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
}

main();
