import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { repositoryRoot } from "./machine";

// The Functions emulator reloads every function when a file under its
// source directory changes, and a reload stops the running workers. A
// benchmark run therefore works on a copy of the build, which nothing else
// writes to, and measures the code as it was when the run started.

/** Files and folders, relative to the repository root, that the copy needs. */
const SNAPSHOT_PATHS = [
  "package.json",
  "firebase.bench.json",
  "firestore.rules",
  ".secret.local",
  "lib/functions",
  "lib/tools/bench/baseline",
  "tools/bench/baseline/package.json",
];

/** Folder of the copy; under .cache/, which git and the watchers ignore. */
export const snapshotDir = path.join(repositoryRoot, ".cache/bench/snapshot");

/**
 * Copies the built functions, the baseline and their configuration to
 * `snapshotDir`, with node_modules linked to the repository's.
 * @throws Error when a needed file is missing, for example before a build.
 */
export function createSnapshot(envFile: string): string {
  rmSync(snapshotDir, { recursive: true, force: true });
  mkdirSync(snapshotDir, { recursive: true });
  for (const relative of [...SNAPSHOT_PATHS, envFile]) {
    const source = path.join(repositoryRoot, relative);
    if (!existsSync(source)) {
      throw new Error(
        `${relative} is missing; run \`npm run build\` first, or create it.`,
      );
    }
    cpSync(source, path.join(snapshotDir, relative), { recursive: true });
  }
  symlinkSync(
    path.join(repositoryRoot, "node_modules"),
    path.join(snapshotDir, "node_modules"),
    "dir",
  );
  return snapshotDir;
}
