import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";

/** Repository root, from lib/tools/bench at run time. */
export const repositoryRoot = path.resolve(__dirname, "../../..");

/** The machine and software that a benchmark run used. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  date: string;
  commit: string;
  versions: Record<string, string>;
}

/** Returns the 1, 5 and 15 minute load averages, as `uptime` shows them. */
export function loadAverage(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}

/**
 * Returns the version of an installed package from its package.json.
 * @throws Error when the package is not installed.
 */
export function packageVersion(name: string): string {
  const file = path.join(repositoryRoot, "node_modules", name, "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string })
    .version;
}

function commandOutput(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, {
      cwd: repositoryRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 10_000,
    });
  } catch {
    return undefined;
  }
}

function javaVersion(): string {
  // `java -version` prints to stderr, so run it through the shell.
  const output = commandOutput("sh", ["-c", "java -version 2>&1"]);
  const match = output?.match(/version "([^"]+)"/);
  return match ? match[1] : "not found";
}

function gitCommit(): string {
  const head = commandOutput("git", ["rev-parse", "--short", "HEAD"])?.trim();
  if (!head) return "unknown";
  const dirty = commandOutput("git", ["status", "--porcelain"])?.trim();
  return dirty ? `${head} with uncommitted changes` : head;
}

/** Describes this machine, the installed versions and the current time. */
export function describeMachine(): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model ?? "unknown",
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    commit: gitCommit(),
    versions: {
      node: process.versions.node,
      "firebase-tools": packageVersion("firebase-tools"),
      "firebase-functions": packageVersion("firebase-functions"),
      "firebase-admin": packageVersion("firebase-admin"),
      "@google-cloud/firestore": packageVersion("@google-cloud/firestore"),
      opentok: packageVersion("opentok"),
      java: javaVersion(),
    },
  };
}
