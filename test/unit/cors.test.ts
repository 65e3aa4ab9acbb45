import { expect } from "chai";
import express from "express";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";

// The deployed CORS behaviour of the real callables, served by Express the
// way Cloud Functions serves them. The Functions emulator allows every
// origin, so this cannot be checked there.

const webOrigin = "https://broadcasts-demo.web.app";

describe("callable CORS", () => {
  let server: Server;
  let baseUrl: string;
  const saved = process.env.ALLOWED_ORIGINS;

  before(async () => {
    process.env.ALLOWED_ORIGINS = JSON.stringify([webOrigin]);
    const functions = await import("../../functions/src/index.js");
    const app = express();
    app.use(express.json());
    // A v2 callable is an Express-compatible (request, response) handler.
    for (const name of [
      "getBroadcastToken",
      "retryBroadcastSession",
    ] as const) {
      app.all(`/${name}`, functions[name] as unknown as express.RequestHandler);
    }
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    if (saved === undefined) delete process.env.ALLOWED_ORIGINS;
    else process.env.ALLOWED_ORIGINS = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  function preflight(path: string, origin: string) {
    return fetch(`${baseUrl}${path}`, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,authorization",
      },
      signal: AbortSignal.timeout(5000),
    });
  }

  for (const path of ["/getBroadcastToken", "/retryBroadcastSession"]) {
    it(`allows the web app's origin on ${path}`, async () => {
      const response = await preflight(path, webOrigin);
      expect(response.status).to.equal(204);
      expect(response.headers.get("access-control-allow-origin")).to.equal(
        webOrigin,
      );
      expect(response.headers.get("access-control-allow-methods")).to.equal(
        "POST",
      );
    });

    // A browser blocks the call unless the header names its own origin.
    it(`refuses an unknown origin on ${path}`, async () => {
      const response = await preflight(path, "https://unknown.example");
      const allowed = response.headers.get("access-control-allow-origin");
      expect(allowed).to.not.equal("https://unknown.example");
      expect(allowed).to.not.equal("*");
    });
  }
});
