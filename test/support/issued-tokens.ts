import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

/** Folder for test run output, at the repository root. */
export const testOutputDir = path.resolve(__dirname, "../../../test-output");

/** File listing every token the tests received, one per line. */
export const issuedTokensFile = path.join(testOutputDir, "issued-tokens.txt");

/**
 * Records a token that a test received, so that the log check after the
 * run can make sure it was never logged.
 */
export function recordIssuedToken(token: string): void {
  mkdirSync(testOutputDir, { recursive: true });
  appendFileSync(issuedTokensFile, `${token}\n`);
}
