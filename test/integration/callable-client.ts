import { callableUrl } from "./emulator-env";

/** A raw response of the callable HTTP protocol. */
export interface CallableResponse {
  status: number;
  body: {
    result?: Record<string, unknown>;
    error?: { status: string; message: string; details?: unknown };
  };
}

/**
 * Calls a callable function the way the Firebase iOS SDK does: a JSON POST
 * of `{"data": ...}` with the user's ID token as a Bearer token.
 */
export async function postCallable(
  name: string,
  data: unknown,
  idToken?: string,
  extraHeaders: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<CallableResponse> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    ...extraHeaders,
  };
  if (idToken) headers.Authorization = `Bearer ${idToken}`;

  const response = await fetch(callableUrl(name), {
    method: "POST",
    headers,
    body: JSON.stringify({ data }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return {
    status: response.status,
    body: (await response.json()) as CallableResponse["body"],
  };
}
