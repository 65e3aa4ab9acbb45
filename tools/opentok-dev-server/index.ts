export type { DevServerCredentials } from "./auth";
export { MAX_FAULT_DELAY_MS, type FaultKind, type FaultSpec } from "./faults";
export type { DevServerStats } from "./session-create";
export {
  startOpenTokDevServer,
  type DevServer,
  type DevServerOptions,
  type RequestLogEntry,
} from "./server";
