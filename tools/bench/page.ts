import { BenchRun, sections } from "./report";

const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(", ");

function header(run: BenchRun): string {
  const { machine } = run;
  const versions = Object.entries(machine.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(", ");
  const met = run.targets.filter((check) => check.met).length;
  return `# Benchmarks

\`npm run bench\` wrote this page on ${machine.date}. Run it again to replace
it, because edits by hand are lost. It measures the backend in the Firebase
Emulator Suite with the OpenTok stand-in, beside a baseline in the same run.
The absolute times include the emulators' own overhead and say little about
production, so the ratios to the baseline matter more.

- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB memory, ${machine.platform}.
- Software: ${versions}.
- Code: commit ${machine.commit}.
- Load averages (1, 5 and 15 minutes): ${load(run.loadAtStart)} at the start and ${load(run.loadAtEnd)} at the end.
  Other processes on the machine add to the times. A load above the core count means that they competed for the CPU.
- Duration: ${(run.durationMs / 1000).toFixed(0)} s. Targets met: ${met} of ${run.targets.length}.`;
}

function tokenLatency(run: BenchRun): string {
  const loads = run.results.emulator.tokenLatency
    .map(
      (step) =>
        `${load(step.loadAtStart)} before concurrency ${step.concurrency}`,
    )
    .join("; ");
  const idle = run.results.emulator.tokenLatency[0].idleCpuPercent.toFixed(1);
  return `## Token latency

\`getBroadcastToken\` and the baseline callable \`benchBaseline\`
(tools/bench/baseline, which only checks sign-in and returns a constant) are
called over the callable HTTP protocol, a JSON POST with an Auth emulator ID
token, through the Functions emulator. The emulator runs each request in a
worker process of its own and starts a new worker whenever all are busy. So
both functions first get 200 unmeasured calls at concurrency 50, repeated up
to three times until a pass has no error. The measured calls alternate
between the two functions in rounds. Latency is the client's time from
sending the request to reading the whole response, and percentiles are
nearest-rank. An error is a transport error, a status other than 200 or a
result without the expected token, session ID and role. Load averages: ${loads}.

${sections.tokenLatencyTable(run)}

CPU time per call of this run's emulator processes, in ms, from /proc. The
CPU time that they use when idle, ${idle}% of one core measured in a 1 s
window once the workers have settled after the warm-up, is subtracted:

${sections.cpuTable(run)}

The emulator runs each of the 50 concurrent calls in a process of its own. A
Cloud Functions instance serves concurrent requests in one process instead.
For comparison, \`getBroadcastToken\` served in one process through
firebase-functions-test against the same Firestore emulator, with that
process's CPU time per call (the Firestore emulator's is not included):

${sections.inProcessTable(run)}`;
}

function sessionLatency(run: BenchRun): string {
  return `## Session latency

Broadcasts are created with the Admin SDK, and one listener on the collection
records when each document first shows a \`sessionId\`. The latency runs from
sending the create to that moment. "One at a time" creates each broadcast
after the previous one got its session; a burst creates 100 at once. The
Firestore emulator delivers trigger events to the Functions emulator one at a
time, so in a burst each broadcast waits for the ones before it, and "Last
seen after" is the time until the whole burst has sessions. The first burst
also starts the trigger's worker.

${sections.sessionTable(run)}

The stand-in's own response time, for \`createSession\` calls made straight to it
with the opentok SDK from the benchmark process:

${sections.standInTable(run)}`;
}

function coldStart(run: BenchRun): string {
  return `## Cold start

Each row loads the modules in a fresh Node.js process, in turns, and shows
medians. "Load" is the time spent in \`require()\`, "since process start"
includes starting Node.js, and peak RSS is the process's maximum resident set
size.

${sections.coldLoadTable(run)}

A fresh process that loads the entry module and serves one call in process
with firebase-functions-test against the Firestore emulator. The first token
call loads firebase-admin's Firestore client and opentok and opens the
connection to Firestore:

${sections.firstCallTable(run)}`;
}

function tokenCpu(run: BenchRun): string {
  return `## Token CPU

Time per token in one process, the median over batches of 100, in both
credential modes. \`getBroadcastToken\` calls the opentok SDK's
\`generateToken\`. The floor is the bare signature of the SDK's own JWT with
node:crypto, checked to equal the SDK's signature: HMAC-SHA256 with the API
secret in OpenTok mode, and RS256 with an already parsed 2048-bit private key
in Vonage mode. "JWT built with node:crypto" adds encoding the same header and
claims.

${sections.tokenCpuTable(run)}`;
}

function cost(run: BenchRun): string {
  return `## Cost

Firestore operations are counted at the Admin SDK's RPC layer: every call of
\`Firestore.prototype.request\` and \`requestStream\` (internal methods of
@google-cloud/firestore) in the process is recorded. A read is a document in a
BatchGetDocuments request, and a write is a write in a successful Commit
request. Before counting, the step checks that one \`get()\` counts as one read
and one \`set()\` as one write. The exported functions run in that process
with firebase-functions-test against the Firestore emulator, in a project of
their own for which the Functions emulator has no trigger, so every delivery
of the trigger's event is one the step makes. OpenTok calls are the
stand-in's count of \`/session/create\` requests, read before and after each
operation. A repeated delivery comes after the first has finished; two
concurrent deliveries start together on a new broadcast. The session latency
steps above give the same count for the trigger as the Functions emulator
delivers it.

${sections.costTable(run)}`;
}

/** Renders the benchmark page as Markdown, before formatting. */
export function renderPage(run: BenchRun): string {
  const emulator = run.results.emulator;
  return `${header(run)}

## Targets

${sections.targetTable(run)}

${tokenLatency(run)}

${sessionLatency(run)}

${coldStart(run)}

${tokenCpu(run)}

${cost(run)}

## Limits of this benchmark

- The Functions emulator serves one request per worker process and never
  stops idle workers. At the end of this run ${emulator.workerProcesses}
  workers held ${emulator.workerRssMiB} MiB of resident memory, with shared
  pages counted in each.
- The load generator, the emulators and the stand-in share the machine's
  cores, so at concurrency 50 the latency mostly reflects the CPU time per
  call.
- Firebase Auth ID tokens are not verified in the emulator, so neither
  function pays for verification here.
`;
}
