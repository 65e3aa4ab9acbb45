import path from "node:path";
import { runChild } from "./child-result";
import type { ColdLoadResult, FirstCallResult } from "./results";
import { median } from "./stats";

const CHILD_TIMEOUT_MS = 60_000;

interface LoadSample {
  loadMs: number;
  sinceStartMs: number;
  peakRssMiB: number;
}

interface FirstCallSample extends LoadSample {
  firstCallMs: number;
}

/** A set of modules to load together in a fresh process. */
export interface ModuleSet {
  label: string;
  modules: string[];
}

/** Returns the module sets that the cold load step compares. */
export function coldLoadSets(snapshotDir: string): ModuleSet[] {
  const entry = path.join(snapshotDir, "lib/functions/src/index.js");
  return [
    { label: "Node.js alone", modules: [] },
    { label: "firebase-functions", modules: ["firebase-functions"] },
    { label: "functions entry module", modules: [entry] },
    {
      label: "entry and the modules its first call loads",
      modules: [entry, "firebase-admin/firestore", "opentok"],
    },
  ];
}

/**
 * Loads each module set in `runs` fresh Node.js processes, taking turns so
 * that a change in background load falls on every set, and returns the
 * medians.
 */
export async function measureColdLoad(
  sets: ModuleSet[],
  runs: number,
): Promise<ColdLoadResult[]> {
  const script = path.join(__dirname, "load-module.js");
  const samples = sets.map(() => [] as LoadSample[]);
  for (let run = 0; run < runs; run++) {
    for (const [index, set] of sets.entries()) {
      samples[index].push(
        await runChild<LoadSample>(
          script,
          set.modules,
          process.env,
          CHILD_TIMEOUT_MS,
        ),
      );
    }
  }
  return sets.map((set, index) => ({
    label: set.label,
    modules: set.modules,
    runs,
    loadMs: median(samples[index].map((sample) => sample.loadMs)),
    sinceStartMs: median(samples[index].map((sample) => sample.sinceStartMs)),
    peakRssMiB: median(samples[index].map((sample) => sample.peakRssMiB)),
  }));
}

/** A callable to call once in fresh processes. */
export interface FirstCallTarget {
  label: string;
  entry: string;
  exportName: string;
  data: unknown;
  uid: string;
}

/**
 * Starts `runs` fresh processes per target, taking turns, each of which
 * loads the entry module and serves one call against the emulators, and
 * returns the medians.
 */
export async function measureFirstCall(
  targets: FirstCallTarget[],
  runs: number,
  env: NodeJS.ProcessEnv,
): Promise<FirstCallResult[]> {
  const script = path.join(__dirname, "first-call.js");
  const samples = targets.map(() => [] as FirstCallSample[]);
  for (let run = 0; run < runs; run++) {
    for (const [index, target] of targets.entries()) {
      const args = [
        target.entry,
        target.exportName,
        JSON.stringify(target.data),
        target.uid,
      ];
      samples[index].push(
        await runChild<FirstCallSample>(script, args, env, CHILD_TIMEOUT_MS),
      );
    }
  }
  return targets.map((target, index) => {
    const values = (key: keyof FirstCallSample) =>
      samples[index].map((sample) => sample[key]);
    return {
      label: target.label,
      runs,
      loadMs: median(values("loadMs")),
      firstCallMs: median(values("firstCallMs")),
      sinceStartMs: median(values("sinceStartMs")),
      peakRssMiB: median(values("peakRssMiB")),
    };
  });
}
