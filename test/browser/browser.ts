import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  Browser,
  BrowserContext,
  Page,
  Response,
  chromium,
} from "playwright-core";
import { expect } from "chai";

// Chromium, driven by playwright-core, against the test build of the web app
// that the Hosting emulator of firebase.test.json serves.

const root = path.resolve(__dirname, "../../..");
const screenshotDir = path.join(root, "test-output/screenshots");
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function hostingPort(): number {
  const config = JSON.parse(
    readFileSync(path.join(root, "firebase.test.json"), "utf8"),
  ) as { emulators: { hosting: { port: number } } };
  return config.emulators.hosting.port;
}

/** Origin of the web app in the Hosting emulator. */
export const appOrigin = `http://127.0.0.1:${hostingPort()}`;

/**
 * Throws unless the test build exists, because the Hosting emulator would
 * otherwise serve an empty folder.
 */
export function assertTestBuildExists(): void {
  if (!existsSync(path.join(root, "lib/test/web/index.html"))) {
    throw new Error(
      "The test build of the web app is missing; run `npm run build:web:test`.",
    );
  }
}

/**
 * Launches /usr/bin/chromium headless with fake camera and microphone. Each
 * launch gets a new temporary profile from Playwright, which rejects a
 * --user-data-dir argument. The flags keep Chromium from calling Google's
 * services on its own.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
    ],
  });
}

/** A request that the page tried to send off this machine. */
export interface BlockedRequest {
  method: string;
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
}

/** One browser context with the app open, as one user. */
export interface AppPage {
  context: BrowserContext;
  page: Page;
  blocked: BlockedRequest[];
}

function isOffMachine(url: URL): boolean {
  return (
    /^(https?|wss?):$/.test(url.protocol) && !LOCAL_HOSTS.has(url.hostname)
  );
}

/**
 * Opens the app in a new context. Every HTTP request and WebSocket to a host
 * other than this machine is recorded and aborted, so nothing leaves the
 * machine. With `holdOffMachine`, such requests get no response until the
 * context closes, which is how an unresponsive network looks.
 */
export async function openApp(
  browser: Browser,
  options: {
    holdOffMachine?: boolean;
    beforeLoad?: (context: BrowserContext) => Promise<unknown>;
  } = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
  });
  const blocked: BlockedRequest[] = [];
  await context.route(isOffMachine, (route) => {
    const request = route.request();
    blocked.push({
      method: request.method(),
      url: request.url(),
      headers: request.headers(),
    });
    // A route that is neither aborted nor continued stays pending.
    if (options.holdOffMachine) return;
    return route.abort();
  });
  await context.routeWebSocket(isOffMachine, (socket) => {
    blocked.push({ method: "WEBSOCKET", url: socket.url(), headers: {} });
    return socket.close();
  });
  await options.beforeLoad?.(context);

  const page = await context.newPage();
  await page.goto(appOrigin);
  return { context, page, blocked };
}

/**
 * Waits until the status line shows `state`, and fails with the state and
 * text it shows instead after `timeoutMs`.
 */
export async function expectStatus(
  page: Page,
  state: string,
  timeoutMs = 20_000,
): Promise<string> {
  const status = page.locator("#status");
  try {
    await page
      .locator(`#status[data-state="${state}"]`)
      .waitFor({ timeout: timeoutMs });
  } catch {
    const shownState = await status.getAttribute("data-state");
    const text = await status.textContent();
    expect.fail(`status is ${shownState} ("${text}") instead of ${state}`);
  }
  return (await status.textContent()) ?? "";
}

/** Returns whether a response is a successful getBroadcastToken call. */
export function isTokenResponse(response: Response): boolean {
  return (
    response.url().endsWith("/getBroadcastToken") && response.status() === 200
  );
}

/**
 * Saves full-page screenshots of `page` at a phone width (390) and a desktop
 * width (1280) under test-output/screenshots.
 */
export async function saveScreenshots(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  for (const [width, height] of [
    [390, 844],
    [1280, 800],
  ]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({
      path: path.join(screenshotDir, `${name}-${width}.png`),
      fullPage: true,
    });
  }
}
