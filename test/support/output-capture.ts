/**
 * Runs an async function while writes to stdout and stderr go into a
 * buffer instead of the terminal, and returns the captured text. The
 * firebase-functions logger writes one JSON line per entry through the
 * console, so this captures its entries too. The streams are restored
 * when the function settles; its error, if any, is rethrown.
 */
export async function captureOutput(run: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  // The streams' own methods are put back unchanged after the run.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originals = streams.map((stream) => stream.write);

  for (const stream of streams) {
    stream.write = (chunk: string | Uint8Array) => {
      chunks.push(
        typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(),
      );
      return true;
    };
  }
  try {
    await run();
  } finally {
    streams.forEach((stream, index) => {
      stream.write = originals[index];
    });
  }
  return chunks.join("");
}
