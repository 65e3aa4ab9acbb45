import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { readEnvFile } from "../../tools/env-file";
import { issuedTokensFile, testOutputDir } from "./issued-tokens";
import { apiSecret as unitTestSecret } from "../unit/token-fixtures";

// Checks the output of the test run, captured in test-output/*.log, for
// the API secrets and every token the tests received. Run after the tests;
// exits non-zero and names the file and the kind of value when one appears.

const root = path.resolve(__dirname, "../../..");

function secrets(): Map<string, string> {
  const values = new Map<string, string>();
  values.set(unitTestSecret, "the unit tests' API secret");
  const emulatorSecrets = readEnvFile(path.join(root, ".secret.local"));
  for (const [name, value] of Object.entries(emulatorSecrets)) {
    values.set(value, `${name} from .secret.local`);
  }
  return values;
}

function issuedTokens(): string[] {
  if (!existsSync(issuedTokensFile)) return [];
  return readFileSync(issuedTokensFile, "utf8").split("\n").filter(Boolean);
}

/**
 * Prints the totals of mocha's "N passing" and "N failing" lines in the
 * logs as one "N passed, N failed" line for the whole run.
 */
function printTotals(logs: string[]): void {
  let passed = 0;
  let failed = 0;
  for (const name of logs) {
    const text = readFileSync(path.join(testOutputDir, name), "utf8");
    for (const match of text.matchAll(/^\s+(\d+) (passing|failing)\b/gm)) {
      if (match[2] === "passing") passed += Number(match[1]);
      else failed += Number(match[1]);
    }
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
}

function main(): void {
  const logs = readdirSync(testOutputDir).filter((name) =>
    name.endsWith(".log"),
  );
  const secretValues = secrets();
  const tokens = issuedTokens();
  const leaks: string[] = [];

  for (const name of logs) {
    const text = readFileSync(path.join(testOutputDir, name), "utf8");
    for (const [value, label] of secretValues) {
      if (text.includes(value)) leaks.push(`${name}: contains ${label}`);
    }
    const leakedTokens = tokens.filter((token) => text.includes(token));
    if (leakedTokens.length > 0) {
      leaks.push(`${name}: contains ${leakedTokens.length} issued token(s)`);
    }
  }

  if (logs.length === 0 || tokens.length === 0) {
    console.error(
      `Log check failed: found ${logs.length} log files and ${tokens.length} issued tokens in ${testOutputDir}; run it after the tests.`,
    );
    process.exit(1);
  }
  if (leaks.length > 0) {
    console.error(`Log check failed:\n  ${leaks.join("\n  ")}`);
    process.exit(1);
  }
  console.log(
    `Log check passed: ${logs.length} log files hold no API secret and none of ${tokens.length} issued tokens.`,
  );
  printTotals(logs);
}

main();
