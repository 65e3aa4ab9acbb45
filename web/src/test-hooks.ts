/** Functions that the browser tests call on the page of a test build. */
export interface TestHooks {
  /**
   * Renames a broadcast through the same code path as the rename form, but
   * without the ownership check of the page, so the tests can show that the
   * security rules reject it.
   */
  forceRename: (broadcastId: string, name: string) => Promise<boolean>;
}

declare global {
  interface Window {
    __broadcastTest?: TestHooks;
  }
}

/**
 * Exposes the hooks as `window.__broadcastTest` in builds made with
 * VITE_TEST_HOOKS=true (web/.env.test). Vite replaces the variable at build
 * time, so other builds drop this code.
 */
export function installTestHooks(hooks: TestHooks): void {
  if (import.meta.env.VITE_TEST_HOOKS === "true") {
    window.__broadcastTest = hooks;
  }
}
