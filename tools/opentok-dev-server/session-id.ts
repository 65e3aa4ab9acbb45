import { randomBytes } from "node:crypto";

/**
 * Creates a session ID in the layout of real OpenTok session IDs.
 *
 * Real IDs published in sample code decode to
 *
 *     1~<api key>~<location>~<creation time in ms>~<24 base64 chars>~<P or empty>~
 *
 * with the prefix `1_` or `2_`. The `P` field appears on IDs of relayed
 * (peer-to-peer) sessions. The `opentok` SDK's decodeSessionId() reads the
 * second field as the API key, so generateToken() accepts these IDs only under
 * the same key. The random field makes every ID unique.
 * NOTE: the meaning of the `P` field and of the prefix digit is inferred from
 * public examples.
 */
export function createSessionId(
  projectKey: string,
  relayed: boolean,
  location: string,
  createdAt: Date,
): string {
  const nonce = randomBytes(18).toString("base64");
  const fields = [
    "1",
    projectKey,
    location,
    String(createdAt.getTime()),
    nonce,
  ];
  const decoded = `${fields.join("~")}~${relayed ? "P" : ""}~`;
  return `2_${Buffer.from(decoded, "ascii").toString("base64url")}`;
}

/**
 * Formats a date like the `create_dt` field of the real service, which is
 * Java's Date.toString() (for example "Fri Nov 18 15:50:36 PST 2016"), here
 * always in UTC.
 */
export function formatCreateDate(date: Date): string {
  // toUTCString() returns "Fri, 18 Nov 2016 23:50:36 GMT".
  const [weekday, day, month, year, time] = date
    .toUTCString()
    .replace(",", "")
    .split(" ");
  return `${weekday} ${month} ${day} ${time} UTC ${year}`;
}
