import { expect } from "chai";
import type { Browser, Response } from "playwright-core";
import { decodeOpenTokToken } from "../unit/token-fixtures";
import {
  readBroadcast,
  waitForSessionId,
} from "../integration/broadcast-fixtures";
import { functionParams, functionSecrets } from "../integration/emulator-env";
import {
  AppPage,
  assertTestBuildExists,
  expectStatus,
  isTokenResponse,
  launchBrowser,
  openApp,
  saveScreenshots,
} from "./browser";
import {
  HookWindow,
  clearFirestore,
  createThroughPage,
  openThroughPage,
  uidOf,
  uniqueName,
} from "./app-fixtures";

// An owner and a viewer, each in its own browser context, use one broadcast
// from creation to deletion. The steps build on each other, so they run in
// order and share the broadcast.

interface TokenResult {
  token: string;
  sessionId: string;
  apiKey: string;
  role: string;
}

async function tokenResultOf(
  response: Promise<Response>,
): Promise<TokenResult> {
  const body = (await (await response).json()) as { result: TokenResult };
  return body.result;
}

describe("web app with owner and viewer", function () {
  this.timeout(60_000);

  let browser: Browser;
  let owner: AppPage;
  let viewer: AppPage;
  const name = uniqueName("Studio");
  let broadcastId: string;
  let sessionId: string;
  const apiKey = functionParams.OPENTOK_API_KEY;

  before(async () => {
    assertTestBuildExists();
    await clearFirestore();
    browser = await launchBrowser();
    owner = await openApp(browser);
    viewer = await openApp(browser);
    await expectStatus(owner.page, "signed-in");
    await expectStatus(viewer.page, "signed-in");
  });

  after(async () => {
    await browser?.close();
  });

  it("stars the owner's new broadcast", async () => {
    broadcastId = await createThroughPage(owner.page, name);
    const item = owner.page.locator(`.broadcast[data-id="${broadcastId}"]`);
    await expectStatus(owner.page, "saved");

    expect(await item.getAttribute("data-owned")).to.equal("true");
    expect(await item.locator(".star").count()).to.equal(1);
    expect(await item.locator(".broadcast-rename").count()).to.equal(1);
    expect(await item.locator(".broadcast-delete").count()).to.equal(1);
    const stored = await readBroadcast(broadcastId);
    expect(stored?.owner).to.equal(await uidOf(owner.page));
    expect(stored?.name).to.equal(name);
    await saveScreenshots(owner.page, "01-owner-created");
  });

  it("shows the viewer no star or controls", async () => {
    const item = viewer.page.locator(`.broadcast[data-id="${broadcastId}"]`);
    await item.waitFor({ timeout: 10_000 });

    expect(await item.getAttribute("data-owned")).to.equal("false");
    expect(await item.locator(".star").count()).to.equal(0);
    expect(await item.locator(".broadcast-rename").count()).to.equal(0);
    expect(await item.locator(".broadcast-delete").count()).to.equal(0);
    await saveScreenshots(viewer.page, "02-viewer-list");
  });

  it("gives the owner a publisher token", async () => {
    sessionId = await waitForSessionId(broadcastId);
    const response = owner.page.waitForResponse(isTokenResponse);
    await openThroughPage(owner.page, broadcastId);
    const result = await tokenResultOf(response);
    const claims = decodeOpenTokToken(
      result.token,
      functionSecrets.OPENTOK_API_SECRET,
    );
    const stage = owner.page.locator("#stage");

    expect(result.role).to.equal("publisher");
    expect(claims.role).to.equal("publisher");
    expect(claims.session_id).to.equal(sessionId);
    expect(JSON.parse(claims.connection_data)).to.deep.equal({
      uid: await uidOf(owner.page),
    });
    await owner.page.locator("#stage[data-role]").waitFor();
    expect(await stage.getAttribute("data-role")).to.equal("publisher");
    expect(await stage.getAttribute("data-api-key")).to.equal(apiKey);
    expect(await stage.getAttribute("data-session-id")).to.equal(sessionId);
  });

  it("reports an unreachable video service", async () => {
    const text = await expectStatus(owner.page, "video-unreachable");

    expect(text).to.include("Could not reach the video service");
    await saveScreenshots(owner.page, "03-owner-video-unreachable");
  });

  it("passes the owner's token to OpenTok.js", async () => {
    const stage = owner.page.locator("#stage");
    const response = owner.page.waitForResponse(isTokenResponse);
    // Reopening fetches a fresh token, whose value the requests must carry.
    await owner.page.click("#leave");
    await openThroughPage(owner.page, broadcastId);
    const { token } = await tokenResultOf(response);
    await expectStatus(owner.page, "video-unreachable");
    const configRequests = owner.blocked.filter((request) =>
      request.url.endsWith(`/project/${apiKey}/config.json`),
    );
    const sessionRequests = owner.blocked.filter((request) =>
      request.url.includes(`/session/${sessionId}`),
    );

    expect(await stage.getAttribute("data-video-session-id")).to.equal(
      sessionId,
    );
    expect(
      configRequests.map((request) => request.headers["x-tb-token-auth"]),
    ).to.include(token);
    expect(sessionRequests.length).to.be.greaterThan(0);
  });

  it("gives the viewer a subscriber token", async () => {
    const response = viewer.page.waitForResponse(isTokenResponse);
    await openThroughPage(viewer.page, broadcastId);
    const result = await tokenResultOf(response);
    const claims = decodeOpenTokToken(
      result.token,
      functionSecrets.OPENTOK_API_SECRET,
    );
    const stage = viewer.page.locator("#stage");
    const text = await expectStatus(viewer.page, "video-unreachable");

    expect(result.role).to.equal("subscriber");
    expect(claims.role).to.equal("subscriber");
    expect(JSON.parse(claims.connection_data)).to.deep.equal({
      uid: await uidOf(viewer.page),
    });
    expect(await stage.getAttribute("data-role")).to.equal("subscriber");
    expect(await stage.getAttribute("data-session-id")).to.equal(sessionId);
    expect(await stage.getAttribute("data-video-session-id")).to.equal(
      sessionId,
    );
    expect(text).to.include("Could not reach the video service");
    expect(
      viewer.blocked.map((request) => request.headers["x-tb-token-auth"]),
    ).to.include(result.token);
    await saveScreenshots(viewer.page, "04-viewer-video-unreachable");
  });

  it("reports the viewer's rejected rename", async () => {
    const saved = await viewer.page.evaluate(
      ([id, newName]) => {
        const hooks = (globalThis as HookWindow).__broadcastTest;
        if (!hooks) throw new Error("This build has no test hooks.");
        return hooks.forceRename(id, newName);
      },
      [broadcastId, "Taken over"] as const,
    );
    const text = await expectStatus(viewer.page, "write-rejected");

    expect(saved).to.equal(false);
    expect(text).to.include("rejected");
    expect((await readBroadcast(broadcastId))?.name).to.equal(name);
    await saveScreenshots(viewer.page, "05-viewer-rename-rejected");
  });

  it("shows the owner's rename to the viewer", async () => {
    const newName = `${name} (renamed)`;
    const item = owner.page.locator(`.broadcast[data-id="${broadcastId}"]`);
    await item.locator(".broadcast-rename").click();
    await item.locator(".rename-form input").fill(newName);
    await saveScreenshots(owner.page, "06-owner-renaming");
    await item.locator('.rename-form button[type="submit"]').click();
    await expectStatus(owner.page, "saved");
    const viewerTitle = viewer.page.locator("#stage-title", {
      hasText: newName,
    });
    await viewerTitle.waitFor({ timeout: 10_000 });

    expect((await readBroadcast(broadcastId))?.name).to.equal(newName);
    expect(await item.locator(".broadcast-name").textContent()).to.equal(
      newName,
    );
  });

  it("tells the viewer about the deletion", async () => {
    owner.page.once("dialog", (dialog) => void dialog.accept());
    await owner.page
      .locator(`.broadcast[data-id="${broadcastId}"] .broadcast-delete`)
      .click();
    const text = await expectStatus(viewer.page, "deleted");
    await viewer.page
      .locator(`.broadcast[data-id="${broadcastId}"]`)
      .waitFor({ state: "detached", timeout: 10_000 });

    expect(text).to.include("deleted");
    expect(await readBroadcast(broadcastId)).to.equal(undefined);
    expect(
      await viewer.page.locator("#stage").getAttribute("data-deleted"),
    ).to.equal("true");
    await saveScreenshots(viewer.page, "07-viewer-deleted");
    await saveScreenshots(owner.page, "08-owner-deleted");
  });
});
