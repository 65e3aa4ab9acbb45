import type { IncomingMessage, ServerResponse } from "node:http";

/** Maximum request body size in bytes. Session-create forms are under 1 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Builds an error body in the {"code","message","description"} shape of the
 * OpenTok REST API. `code` is the HTTP status, except for authentication
 * failures (see auth.ts).
 */
export function errorBody(
  status: number,
  message: string,
): Record<string, unknown> {
  return { code: status, message, description: message };
}

/** Sends `body` as JSON with Content-Type application/json. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * Sends `text` with the given Content-Type. An empty text sends an empty body.
 */
export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
): void {
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Reads the request body as UTF-8 text. Resolves to undefined when the body is
 * larger than MAX_BODY_BYTES, after which the caller must respond 413 and close
 * the connection. Rejects when the connection fails while reading.
 */
export function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off("data", onData);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Returns the media type of the Content-Type header in lower case, without
 * parameters.
 */
export function mediaType(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
}
