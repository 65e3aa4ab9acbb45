import { readFileSync, readdirSync } from "node:fs";

// CPU time and memory of the processes of this run's emulators, read from
// /proc (Linux only), so that a step can report where the CPU time of a
// call goes. Only the `firebase emulators:exec` process that is an ancestor
// of this process and its descendants count, so other emulators on the
// machine are left out.

/** Process groups that the CPU time is split into. */
export type ProcessGroup =
  "firestore-emulator" | "function-workers" | "emulator-main" | "bench-client";

/** CPU time per group, in milliseconds. */
export type CpuByGroup = Record<ProcessGroup, number>;

// USER_HZ, the unit of utime and stime in /proc/<pid>/stat, is 100 on
// Linux on every common architecture.
const TICKS_PER_SECOND = 100;

interface ProcessInfo {
  pid: number;
  parent: number;
  ticks: number;
  commandLine: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name in brackets may contain spaces, so fields are
    // counted from the closing bracket: ppid is field 4, and utime and
    // stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8")
      .split("\0")
      .join(" ");
    return {
      pid,
      parent: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      commandLine,
    };
  } catch {
    // The process ended between the listing and the read.
    return undefined;
  }
}

function listProcesses(): Map<number, ProcessInfo> {
  const processes = new Map<number, ProcessInfo>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProcess(Number(name));
    if (info) processes.set(info.pid, info);
  }
  return processes;
}

function isEmulatorMain(info: ProcessInfo): boolean {
  return /\bfirebase(\.js)?\s.*\bemulators:/.test(info.commandLine);
}

function groupOf(info: ProcessInfo, root: number): ProcessGroup | undefined {
  if (info.pid === process.pid) return "bench-client";
  if (info.pid === root) return "emulator-main";
  if (info.commandLine.includes("functionsEmulatorRuntime")) {
    return "function-workers";
  }
  if (/\bjava\b/.test(info.commandLine)) return "firestore-emulator";
  return undefined;
}

interface GroupedProcess {
  info: ProcessInfo;
  group: ProcessGroup;
}

/** Lists this run's emulator processes with their groups; none without /proc. */
function ownEmulatorProcesses(): GroupedProcess[] {
  let processes: Map<number, ProcessInfo>;
  try {
    processes = listProcesses();
  } catch {
    return [];
  }

  let root = process.pid;
  let ancestor = processes.get(root);
  while (ancestor) {
    if (isEmulatorMain(ancestor)) {
      root = ancestor.pid;
      break;
    }
    ancestor = processes.get(ancestor.parent);
  }
  const isDescendant = (info: ProcessInfo): boolean => {
    let current: ProcessInfo | undefined = info;
    while (current) {
      if (current.pid === root) return true;
      current = processes.get(current.parent);
    }
    return false;
  };

  const grouped: GroupedProcess[] = [];
  for (const info of processes.values()) {
    const group = isDescendant(info) ? groupOf(info, root) : undefined;
    if (group) grouped.push({ info, group });
  }
  return grouped;
}

/** Returns the CPU time used so far by this run's emulator processes. */
export function cpuByGroup(): CpuByGroup {
  const totals: CpuByGroup = {
    "firestore-emulator": 0,
    "function-workers": 0,
    "emulator-main": 0,
    "bench-client": 0,
  };
  for (const { info, group } of ownEmulatorProcesses()) {
    totals[group] += (info.ticks * 1000) / TICKS_PER_SECOND;
  }
  return totals;
}

/** Returns the CPU time per group between two readings, divided by `calls`. */
export function cpuPerCall(
  before: CpuByGroup,
  after: CpuByGroup,
  calls: number,
): CpuByGroup {
  const perCall = { ...after };
  for (const group of Object.keys(perCall) as ProcessGroup[]) {
    perCall[group] = (after[group] - before[group]) / calls;
  }
  return perCall;
}

/**
 * Counts this run's Functions emulator workers and sums their resident
 * memory, in MiB. Pages that the workers share are counted in each.
 */
export function workerMemory(): { count: number; rssMiB: number } {
  let count = 0;
  let rssKiB = 0;
  for (const { info, group } of ownEmulatorProcesses()) {
    if (group !== "function-workers") continue;
    try {
      const status = readFileSync(`/proc/${info.pid}/status`, "utf8");
      rssKiB += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
      count += 1;
    } catch {
      // The worker ended after the listing.
    }
  }
  return { count, rssMiB: Math.round(rssKiB / 1024) };
}
