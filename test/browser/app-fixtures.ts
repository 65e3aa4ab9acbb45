import type { Page } from "playwright-core";
import { firestoreEmulatorHost, projectId } from "../integration/emulator-env";

/** The `forceRename` hook that the test build puts on `window`. */
export interface HookWindow {
  __broadcastTest?: {
    forceRename: (broadcastId: string, name: string) => Promise<boolean>;
  };
}

/**
 * Deletes every document in the Firestore emulator's database for this
 * project, so that the pages list only the broadcasts of these tests.
 */
export async function clearFirestore(): Promise<void> {
  const response = await fetch(
    `http://${firestoreEmulatorHost}/emulator/v1/projects/${projectId}/databases/(default)/documents`,
    { method: "DELETE", signal: AbortSignal.timeout(10_000) },
  );
  if (!response.ok) {
    throw new Error(
      `Clearing the Firestore emulator failed: ${response.status}`,
    );
  }
}

/** Returns a broadcast name that no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 7)}`;
}

/** Returns the uid of the user signed in on the page. */
export async function uidOf(page: Page): Promise<string> {
  const uid = await page.locator("#user").getAttribute("data-uid");
  if (!uid) throw new Error("The page has no signed-in user.");
  return uid;
}

/**
 * Creates a broadcast with the page's form, waits until the server has stored
 * it, and returns its ID.
 */
export async function createThroughPage(
  page: Page,
  name: string,
): Promise<string> {
  await page.fill("#new-name", name);
  await page.click('#create-form button[type="submit"]');
  const item = page.locator(".broadcast", { hasText: name });
  // The open button stays disabled until the server confirms the write.
  await item.locator(".broadcast-open:enabled").waitFor({ timeout: 10_000 });
  const id = await item.getAttribute("data-id");
  if (!id) throw new Error(`The list item for "${name}" has no data-id.`);
  return id;
}

/** Clicks a broadcast in the list to open it. */
export function openThroughPage(
  page: Page,
  broadcastId: string,
): Promise<void> {
  return page.click(`.broadcast[data-id="${broadcastId}"] .broadcast-open`);
}
