import FirebaseFunctions
import Foundation

/// The result of the `getBroadcastToken` callable function.
struct BroadcastToken {
  let token: String
  let sessionId: String
  let apiKey: String
  let role: String
  let expireTime: Int
}

enum BroadcastTokenError: Error {
  case malformedResult
}

/// Calls `getBroadcastToken`. While the backend responds with
/// failed-precondition and sessionStatus "pending" or "creating", it waits
/// 1, 2, 4 and 8 s and calls again, 5 calls in all, and reports each wait.
/// Throws the last error, or CancellationError when the task is cancelled.
@MainActor
func fetchBroadcastToken(
  broadcastId: String, onWaiting: (_ seconds: Int, _ attempt: Int) -> Void
) async throws -> BroadcastToken {
  let callable = Functions.functions().httpsCallable("getBroadcastToken")
  callable.timeoutInterval = 20
  let maxAttempts = 5
  var attempt = 0
  while true {
    attempt += 1
    do {
      let result = try await callable.call(["broadcastId": broadcastId])
      guard let data = result.data as? [String: Any],
        let token = data["token"] as? String,
        let sessionId = data["sessionId"] as? String,
        let apiKey = data["apiKey"] as? String,
        let role = data["role"] as? String,
        let expireTime = data["expireTime"] as? Int
      else { throw BroadcastTokenError.malformedResult }
      return BroadcastToken(
        token: token, sessionId: sessionId, apiKey: apiKey, role: role,
        expireTime: expireTime)
    } catch let error as NSError
      where sessionStatus(of: error).map({ ["pending", "creating"].contains($0) }) == true
      && attempt < maxAttempts
    {
      let seconds = 1 << (attempt - 1)
      onWaiting(seconds, attempt)
      try await Task.sleep(for: .seconds(seconds))
    }
  }
}

/// Returns `details.sessionStatus` of a failed-precondition error from the
/// callable, or nil for any other error.
func sessionStatus(of error: Error) -> String? {
  let error = error as NSError
  guard error.domain == FunctionsErrorDomain,
    FunctionsErrorCode(rawValue: error.code) == .failedPrecondition
  else { return nil }
  let details = error.userInfo[FunctionsErrorDetailsKey] as? [String: Any]
  return details?["sessionStatus"] as? String
}

/// Describes in plain words why no token could be fetched.
func describeTokenError(_ error: Error) -> String {
  switch sessionStatus(of: error) {
  case "failed":
    return "Session creation failed for this broadcast. The backend retries it later."
  case "pending", "creating":
    return "The broadcast still has no video session. Open it again later."
  default:
    break
  }
  let nsError = error as NSError
  guard nsError.domain == FunctionsErrorDomain else {
    return "Could not join: \(error.localizedDescription)"
  }
  switch FunctionsErrorCode(rawValue: nsError.code) {
  case .notFound: return "This broadcast no longer exists."
  case .unauthenticated: return "You are signed out. Sign in again to join."
  case .failedPrecondition:
    return "The backend's video settings do not match this broadcast's session."
  default: return "The server could not issue a video token. Try again later."
  }
}
