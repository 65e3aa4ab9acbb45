import { readFileSync } from "node:fs";

/**
 * Reads a dotenv-style file of KEY=VALUE lines, as the Functions emulator
 * reads `.env.<project>` and `.secret.local`. Blank lines and lines that
 * start with `#` are skipped. One pair of surrounding quotes is removed,
 * and `\n` inside double quotes becomes a line break.
 */
export function readEnvFile(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of readFileSync(path, "utf8").split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;

    const separator = line.indexOf("=");
    if (separator <= 0) continue;
    const key = line.slice(0, separator).trim();
    const value = line.slice(separator + 1).trim();
    const doubleQuoted = /^"(.*)"$/.exec(value);
    values[key] = doubleQuoted
      ? doubleQuoted[1].replace(/\\n/g, "\n")
      : value.replace(/^'(.*)'$/, "$1");
  }
  return values;
}
