import { ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { readEnvFile } from "./env-file";

// Starts the OpenTok development stand-in and the Firebase Emulator Suite
// for the demo-broadcasts project, prints how clients connect once both
// are up, and stops both on Ctrl+C or when either one exits.

const root = path.resolve(__dirname, "../..");
const projectId = "demo-broadcasts";

interface EmulatorPorts {
  auth: number;
  firestore: number;
  functions: number;
}

function readEmulatorPorts(): EmulatorPorts {
  const config = JSON.parse(
    readFileSync(path.join(root, "firebase.json"), "utf8"),
  ) as { emulators: Record<string, { port: number }> };
  return {
    auth: config.emulators.auth.port,
    firestore: config.emulators.firestore.port,
    functions: config.emulators.functions.port,
  };
}

function prefixLines(child: ChildProcess, prefix: string): void {
  child.stdout?.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (line !== "") process.stdout.write(`${prefix}${line}\n`);
    }
  });
}

function printConnectionHelp(ports: EmulatorPorts, apiUrl: string): void {
  const functionsUrl = `http://127.0.0.1:${ports.functions}/${projectId}/us-central1`;
  console.log(`
Broadcasts backend is running locally (project ${projectId}).
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

Try it from another terminal: npm run demo
Stop with Ctrl+C.
`);
}

function main(): void {
  const params = readEnvFile(path.join(root, `.env.${projectId}`));
  const secrets = readEnvFile(path.join(root, ".secret.local"));
  const apiUrl = new URL(params.OPENTOK_API_URL);
  const ports = readEmulatorPorts();
  const children: ChildProcess[] = [];
  let stopping = false;

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill("SIGINT");
    process.exitCode = code;
  };

  const standIn = spawn(
    process.execPath,
    [path.join(root, "lib/tools/opentok-dev-server/cli.js")],
    {
      env: {
        ...process.env,
        OPENTOK_API_KEY: params.OPENTOK_API_KEY,
        OPENTOK_API_SECRET: secrets.OPENTOK_API_SECRET,
        OPENTOK_DEV_SERVER_PORT: apiUrl.port,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  children.push(standIn);
  prefixLines(standIn, "[opentok-dev-server] ");

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
