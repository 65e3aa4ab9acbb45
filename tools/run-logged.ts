import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";

// Usage: node lib/tools/run-logged.js LOG_FILE COMMAND
// Runs COMMAND in a shell, shows its output as usual and also writes it to
// LOG_FILE, so that the test run can check every log line afterwards. Exits
// with the command's exit code.

const [logFile, command] = process.argv.slice(2);
if (!logFile || !command) {
  console.error("Usage: run-logged LOG_FILE COMMAND");
  process.exit(2);
}

mkdirSync(path.dirname(logFile), { recursive: true });
const log = createWriteStream(logFile);
const child = spawn(command, {
  shell: true,
  stdio: ["inherit", "pipe", "pipe"],
});

child.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  log.write(chunk);
});
child.stderr.on("data", (chunk: Buffer) => {
  process.stderr.write(chunk);
  log.write(chunk);
});
child.on("exit", (code, signal) => {
  log.end(() => process.exit(code ?? (signal ? 1 : 0)));
});
