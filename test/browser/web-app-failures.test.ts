import { expect } from "chai";
import type { Browser } from "playwright-core";
import {
  createBroadcast,
  waitForSessionId,
} from "../integration/broadcast-fixtures";
import { authEmulatorHost, functionParams } from "../integration/emulator-env";
import { standIn } from "../integration/stand-in";
import {
  assertTestBuildExists,
  expectStatus,
  launchBrowser,
  openApp,
  saveScreenshots,
} from "./browser";
import {
  clearFirestore,
  createThroughPage,
  openThroughPage,
  uniqueName,
} from "./app-fixtures";

// Each failure that the page must report instead of hanging, each in a new
// browser context with a new anonymous user.

describe("web app failure states", function () {
  this.timeout(60_000);

  let browser: Browser;

  before(async () => {
    assertTestBuildExists();
    await clearFirestore();
    browser = await launchBrowser();
  });

  afterEach(() => standIn().clearFaults());

  after(async () => {
    await browser?.close();
  });

  it("retries while the session is pending", async () => {
    const { page } = await openApp(browser);
    await expectStatus(page, "signed-in");
    standIn().setFaults({ kind: "delay", delayMs: 5000, count: 1 });
    const broadcastId = await createThroughPage(page, uniqueName("Slow start"));
    await openThroughPage(page, broadcastId);
    const waiting = await expectStatus(page, "waiting-for-session");
    await saveScreenshots(page, "09-waiting-for-session");
    await expectStatus(page, "video-unreachable", 30_000);

    expect(waiting).to.include("no video session yet");
    expect(await page.locator("#stage").getAttribute("data-role")).to.equal(
      "publisher",
    );
  });

  it("reports and retries a failed session", async () => {
    const { page } = await openApp(browser);
    await expectStatus(page, "signed-in");
    // OpenTok rejecting the credentials is final, so the trigger gives up.
    standIn().setFaults({ kind: "error", status: 401 });
    const broadcastId = await createThroughPage(page, uniqueName("Bad keys"));
    await openThroughPage(page, broadcastId);
    const text = await expectStatus(page, "session-failed", 30_000);
    await page
      .locator("#status", { hasText: "credentials" })
      .waitFor({ timeout: 10_000 });

    const retry = page.locator("#retry-session");

    expect(text).to.include("Session creation failed");
    expect(await retry.isVisible()).to.equal(true);
    await saveScreenshots(page, "10-session-failed");

    standIn().clearFaults();
    await retry.click();
    await expectStatus(page, "video-unreachable", 30_000);
    expect(
      await page.locator("#stage").getAttribute("data-session-id"),
    ).to.be.a("string");
  });

  it("times out an unanswered video connect", async () => {
    const { page, blocked } = await openApp(browser, { holdOffMachine: true });
    await expectStatus(page, "signed-in");
    const broadcastId = await createThroughPage(page, uniqueName("Quiet"));
    await waitForSessionId(broadcastId);
    await openThroughPage(page, broadcastId);
    const text = await expectStatus(page, "video-unreachable");

    expect(text).to.include("no response within 4 s");
    expect(blocked.map((request) => new URL(request.url).pathname)).to.include(
      `/project/${functionParams.OPENTOK_API_KEY}/config.json`,
    );
    await saveScreenshots(page, "11-video-timeout");
  });

  it("reports a failed sign-in", async () => {
    const publicName = uniqueName("Public");
    await createBroadcast("another-user", publicName);
    const authEmulator = `http://${authEmulatorHost}/**`;
    const { context, page } = await openApp(browser, {
      beforeLoad: (context) =>
        context.route(authEmulator, (route) => route.abort()),
    });
    const text = await expectStatus(page, "signed-out");
    const signIn = page.locator("#sign-in button");
    // Broadcasts are public, so the list loads without a user.
    await page
      .locator(".broadcast", { hasText: publicName })
      .waitFor({ timeout: 10_000 });

    expect(text).to.include("sign-in failed");
    expect(await signIn.isVisible()).to.equal(true);
    expect(await page.locator("#new-name").isDisabled()).to.equal(true);
    await saveScreenshots(page, "12-sign-in-failed");

    await context.unroute(authEmulator);
    await signIn.click();
    await expectStatus(page, "signed-in");
    expect(await page.locator("#new-name").isEnabled()).to.equal(true);
  });
});
