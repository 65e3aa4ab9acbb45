import { spawn } from "node:child_process";

/**
 * Prefix of the one stdout line that carries a child's JSON result. Other
 * lines, such as the functions' own logs, are ignored.
 */
export const RESULT_PREFIX = "BENCH_RESULT ";

/**
 * Runs `node <script> <args>` and returns the JSON of its result line.
 * @throws Error when the child fails, times out or prints no result.
 */
export function runChild<T>(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<T> {
  const child = spawn(process.execPath, [script, ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);

  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout
        .split("\n")
        .find((text) => text.startsWith(RESULT_PREFIX));
      if (code !== 0 || line === undefined) {
        const detail = stderr.trim().split("\n").slice(-3).join(" / ");
        reject(
          new Error(
            `${script} ${args.join(" ")} exited with ${code ?? signal} and no result: ${detail}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
    });
  });
}
