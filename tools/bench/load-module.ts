import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { RESULT_PREFIX } from "./child-result";

// Child process of the cold load step: loads the modules named on the
// command line, as the functions runtime loads the entry module, and prints
// one line of JSON with the time it took and the peak memory.

// With no modules named, it measures Node.js alone.
const modules = process.argv.slice(2);

const load = createRequire(__filename);
const start = performance.now();
for (const name of modules) load(name);
const end = performance.now();

console.log(
  RESULT_PREFIX +
    JSON.stringify({
      loadMs: end - start,
      // performance.now() counts from the start of this process.
      sinceStartMs: end,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
);
