import { spawn } from "node:child_process";
import {
  createWriteStream,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as prettier from "prettier";
import { coldLoadSets, measureColdLoad } from "./cold-start";
import { describeMachine, loadAverage, repositoryRoot } from "./machine";
import { renderPage } from "./page";
import { BenchRun, sections } from "./report";
import type { EmulatorPhaseResult } from "./results";
import { createSnapshot } from "./snapshot";
import { checkTargets } from "./targets";
import { measureTokenCpu } from "./token-cpu";

// Entry point of `npm run bench`: measures what needs no emulator, runs the
// emulator phase inside `firebase emulators:exec`, then prints the results
// and writes docs/benchmarks.md. Run `npm run build` first.

const PROJECT_ID = "demo-broadcasts-bench";
const COLD_LOAD_RUNS = 7;
const EMULATOR_PHASE_TIMEOUT_MS = 8 * 60_000;
const workDir = path.join(repositoryRoot, ".cache/bench");
const pagePath = path.join(repositoryRoot, "docs/benchmarks.md");

function log(line: string): void {
  console.log(`[bench] ${line}`);
}

// Emulator output goes to a log file; only this benchmark's own progress
// lines, which start with [bench], reach the terminal.
function runEmulatorPhase(snapshotDir: string): Promise<EmulatorPhaseResult> {
  const resultFile = path.join(workDir, "emulator-phase.json");
  const logFile = path.join(workDir, "emulators.log");
  const output = createWriteStream(logFile);
  const script = `node lib/tools/bench/emulator-phase.js ${resultFile} ${snapshotDir}`;
  const child = spawn(
    "bash",
    [
      path.join(repositoryRoot, "tools/firebase-emulators.sh"),
      "exec",
      "--config",
      path.join(snapshotDir, "firebase.bench.json"),
      "--project",
      PROJECT_ID,
      script,
    ],
    { cwd: repositoryRoot, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let pending = "";
  const forward = (chunk: Buffer) => {
    output.write(chunk);
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith("[bench]")) console.log(line);
    }
  };
  child.stdout.on("data", forward);
  child.stderr.on("data", forward);
  // firebase emulators:exec stops the emulators when it gets SIGINT.
  const timer = setTimeout(() => {
    log(
      `the emulator phase took over ${EMULATOR_PHASE_TIMEOUT_MS / 60_000} min; stopping it`,
    );
    if (child.pid !== undefined) process.kill(-child.pid, "SIGINT");
  }, EMULATOR_PHASE_TIMEOUT_MS);

  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      output.end();
      if (code !== 0) {
        reject(
          new Error(`The emulator phase exited with ${code}; see ${logFile}.`),
        );
        return;
      }
      resolve(
        JSON.parse(readFileSync(resultFile, "utf8")) as EmulatorPhaseResult,
      );
    });
  });
}

async function formatMarkdown(text: string): Promise<string> {
  const options = (await prettier.resolveConfig(pagePath)) ?? {};
  return prettier.format(text, { ...options, parser: "markdown" });
}

async function printSummary(run: BenchRun): Promise<void> {
  const parts: [string, string][] = [
    ["Targets", sections.targetTable(run)],
    ["Token latency (ms)", sections.tokenLatencyTable(run)],
    ["CPU time per call (ms)", sections.cpuTable(run)],
    ["Token calls in one process", sections.inProcessTable(run)],
    ["Session latency (ms)", sections.sessionTable(run)],
    ["Stand-in response time (ms)", sections.standInTable(run)],
    ["Cold load", sections.coldLoadTable(run)],
    ["First call in a fresh process", sections.firstCallTable(run)],
    ["Token CPU", sections.tokenCpuTable(run)],
    ["Cost", sections.costTable(run)],
  ];
  for (const [title, text] of parts) {
    console.log(`\n${title}\n${await formatMarkdown(text)}`);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  mkdirSync(workDir, { recursive: true });
  const loadAtStart = loadAverage();
  log(
    `load average at the start: ${loadAtStart.join(", ")} (${describeMachine().cores} cores)`,
  );
  const snapshotDir = createSnapshot(`.env.${PROJECT_ID}`);

  log("measuring token CPU");
  const tokenCpu = measureTokenCpu();
  log("measuring cold load in fresh processes");
  const coldLoad = await measureColdLoad(
    coldLoadSets(snapshotDir),
    COLD_LOAD_RUNS,
  );
  log("starting the emulators");
  const emulator = await runEmulatorPhase(snapshotDir);

  const results = { coldLoad, emulator };
  const run: BenchRun = {
    machine: describeMachine(),
    loadAtStart,
    loadAtEnd: loadAverage(),
    durationMs: performance.now() - started,
    results,
    tokenCpu,
    targets: checkTargets(results),
  };
  await printSummary(run);
  mkdirSync(path.dirname(pagePath), { recursive: true });
  writeFileSync(pagePath, await formatMarkdown(renderPage(run)));
  log(
    `wrote ${path.relative(repositoryRoot, pagePath)} in ${(run.durationMs / 1000).toFixed(0)} s`,
  );
}

main().catch((error: unknown) => {
  console.error(
    `[bench] failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
