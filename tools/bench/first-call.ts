import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { RESULT_PREFIX } from "./child-result";

// Child process of the first call step: loads a functions entry module,
// runs one call of a callable in this process with firebase-functions-test
// against the emulators, and prints one line of JSON with the times and the
// peak memory. The first call pays for the imports and connections that the
// functions defer until they are used.

interface CallableModule {
  [name: string]: unknown;
}

type Callable = (request: {
  data: unknown;
  auth: { uid: string; token: Record<string, unknown> };
}) => Promise<unknown>;

async function main(): Promise<void> {
  const [entry, exportName, dataJson, uid] = process.argv.slice(2);
  if (!entry || !exportName || !dataJson || !uid) {
    throw new Error(
      "Usage: first-call.js <entry module> <export> <data JSON> <uid>",
    );
  }
  const loadStart = performance.now();
  const functions = createRequire(__filename)(entry) as CallableModule;
  const loaded = performance.now();

  const { default: functionsTest } = await import("firebase-functions-test");
  // Without a project, firebase-functions-test sets a placeholder one.
  const fft = functionsTest({ projectId: process.env.GCLOUD_PROJECT });
  const call = fft.wrap(functions[exportName] as never) as unknown as Callable;
  const callStart = performance.now();
  const result = (await call({
    data: JSON.parse(dataJson) as unknown,
    auth: { uid, token: {} },
  })) as Record<string, unknown>;
  const end = performance.now();
  if (typeof result !== "object" || result === null) {
    throw new Error(`${exportName} returned no result.`);
  }

  console.log(
    RESULT_PREFIX +
      JSON.stringify({
        loadMs: loaded - loadStart,
        firstCallMs: end - callStart,
        sinceStartMs: end,
        peakRssMiB: process.resourceUsage().maxRSS / 1024,
      }),
  );
  fft.cleanup();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `[bench] first call failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
