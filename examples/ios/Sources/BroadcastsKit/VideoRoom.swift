import FirebaseFirestore
import OpenTok
import UIKit

/// One open broadcast: watches its document, fetches a token, joins its
/// OpenTok session, and publishes (owner) or subscribes to the owner's stream
/// (everyone else). OpenTok calls the delegates on the main queue by default.
@MainActor
public final class VideoRoom: NSObject, ObservableObject {
  @Published public private(set) var status = "Connecting…"
  @Published public private(set) var title: String
  @Published public private(set) var publisherView: UIView?
  @Published public private(set) var subscriberView: UIView?

  private static let connectTimeout = 15
  private let broadcast: Broadcast
  private var role = ""
  private var session: OTSession?
  private var publisher: OTPublisher?
  private var subscriber: OTSubscriber?
  private var documentHandle: ListenerRegistration?
  private var joinTask: Task<Void, Never>?
  private var timeoutTask: Task<Void, Never>?

  public init(broadcast: Broadcast) {
    self.broadcast = broadcast
    title = broadcast.name
  }

  public func join() {
    documentHandle = Firestore.firestore().collection("broadcasts")
      .document(broadcast.id)
      .addSnapshotListener { [weak self] snapshot, _ in
        MainActor.assumeIsolated {
          guard let self, let snapshot else { return }
          if snapshot.exists {
            self.title = Broadcast(snapshot).name
          } else {
            self.leave()
            self.status = "This broadcast was deleted by its owner."
          }
        }
      }
    joinTask = Task { await fetchTokenAndConnect() }
  }

  public func leave() {
    joinTask?.cancel()
    timeoutTask?.cancel()
    documentHandle?.remove()
    var error: OTError?
    session?.disconnect(&error)
    session = nil
    publisherView = nil
    subscriberView = nil
  }

  private func fetchTokenAndConnect() async {
    let token: BroadcastToken
    do {
      token = try await fetchBroadcastToken(broadcastId: broadcast.id) { seconds, attempt in
        status = "The broadcast has no video session yet. Retrying in \(seconds) s (attempt \(attempt))."
      }
    } catch is CancellationError {
      return
    } catch {
      status = describeTokenError(error)
      return
    }
    role = token.role
    guard let session = OTSession(apiKey: token.apiKey, sessionId: token.sessionId, delegate: self)
    else {
      status = "The video client rejected the session ID."
      return
    }
    self.session = session
    var error: OTError?
    session.connect(withToken: token.token, error: &error)
    if let error {
      status = "Could not reach the video service (\(error.localizedDescription))."
      return
    }
    status = "Connecting to the video service as \(role)…"
    timeoutTask = Task {
      try? await Task.sleep(for: .seconds(Self.connectTimeout))
      guard !Task.isCancelled, session.sessionConnectionStatus != .connected else { return }
      leave()
      status = "Could not reach the video service (no response within \(Self.connectTimeout) s)."
    }
  }

  private func didConnect(_ session: OTSession) {
    timeoutTask?.cancel()
    guard role == "publisher" else {
      status = "Connected as subscriber. Waiting for the owner's video."
      return
    }
    guard let publisher = OTPublisher(delegate: self, settings: OTPublisherSettings()) else {
      status = "Could not start the camera."
      return
    }
    var error: OTError?
    session.publish(publisher, error: &error)
    if let error {
      status = "Could not publish: \(error.localizedDescription)"
      return
    }
    self.publisher = publisher
    publisherView = publisher.view
    status = "Connected as publisher. Your camera and microphone are live."
  }

  private func streamCreated(_ stream: OTStream, in session: OTSession) {
    // The backend puts {"uid": "<caller's uid>"} into each token.
    let data = stream.connection.data.flatMap { $0.data(using: .utf8) }
    let uid = data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }?["uid"]
    guard role == "subscriber", uid as? String == broadcast.owner,
      let subscriber = OTSubscriber(stream: stream, delegate: self)
    else { return }
    var error: OTError?
    session.subscribe(subscriber, error: &error)
    if let error {
      status = "Could not subscribe: \(error.localizedDescription)"
      return
    }
    self.subscriber = subscriber
    subscriberView = subscriber.view
    status = "Connected as subscriber. Watching the owner's video."
  }
}

extension VideoRoom: OTSessionDelegate {
  nonisolated public func sessionDidConnect(_ session: OTSession) {
    MainActor.assumeIsolated { didConnect(session) }
  }

  nonisolated public func sessionDidDisconnect(_ session: OTSession) {
    MainActor.assumeIsolated { status = "Disconnected from the video service." }
  }

  nonisolated public func session(_ session: OTSession, didFailWithError error: OTError) {
    MainActor.assumeIsolated {
      timeoutTask?.cancel()
      status = "Could not reach the video service (\(error.localizedDescription))."
    }
  }

  nonisolated public func session(_ session: OTSession, streamCreated stream: OTStream) {
    MainActor.assumeIsolated { streamCreated(stream, in: session) }
  }

  nonisolated public func session(_ session: OTSession, streamDestroyed stream: OTStream) {
    MainActor.assumeIsolated {
      if subscriber?.stream?.streamId == stream.streamId {
        subscriberView = nil
        status = "The owner stopped the video."
      }
    }
  }
}

extension VideoRoom: OTPublisherDelegate {
  nonisolated public func publisher(_ publisher: OTPublisherKit, didFailWithError error: OTError) {
    MainActor.assumeIsolated { status = "The camera stopped: \(error.localizedDescription)" }
  }
}

extension VideoRoom: OTSubscriberDelegate {
  nonisolated public func subscriberDidConnect(toStream subscriber: OTSubscriberKit) {}

  nonisolated public func subscriber(_ subscriber: OTSubscriberKit, didFailWithError error: OTError) {
    MainActor.assumeIsolated { status = "The video stopped: \(error.localizedDescription)" }
  }
}
