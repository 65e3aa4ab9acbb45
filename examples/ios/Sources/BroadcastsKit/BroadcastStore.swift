import FirebaseAuth
import FirebaseFirestore
import Foundation

/// A `broadcasts/{id}` document.
public struct Broadcast: Identifiable, Hashable {
  public let id: String
  public let name: String
  public let owner: String
  public let createdAt: Date?

  init(_ document: DocumentSnapshot) {
    // A new broadcast shows the local time until the server's arrives.
    let data = document.data(with: .estimate) ?? [:]
    id = document.documentID
    name = data["name"] as? String ?? ""
    owner = data["owner"] as? String ?? ""
    createdAt = (data["createdAt"] as? Timestamp)?.dateValue()
  }
}

/// The signed-in user, the live list of broadcasts and the user's writes.
@MainActor
public final class BroadcastStore: ObservableObject {
  @Published public private(set) var uid: String?
  @Published public private(set) var broadcasts: [Broadcast] = []
  @Published public private(set) var status = "Signing in…"

  private let db = Firestore.firestore()
  private var authHandle: AuthStateDidChangeListenerHandle?
  private var listHandle: ListenerRegistration?

  public init() {}

  /// Starts listening to the user and the newest 50 broadcasts. Both SDKs
  /// call these listeners on the main queue by default.
  public func start() {
    guard authHandle == nil else { return }
    authHandle = Auth.auth().addStateDidChangeListener { [weak self] _, user in
      MainActor.assumeIsolated { self?.userChanged(user) }
    }
    listHandle = db.collection("broadcasts")
      .order(by: "createdAt", descending: true)
      .limit(to: 50)
      .addSnapshotListener { [weak self] snapshot, error in
        MainActor.assumeIsolated {
          if let error {
            self?.status = "Could not load the broadcasts: \(error.localizedDescription)"
          } else {
            self?.broadcasts = snapshot?.documents.map { Broadcast($0) } ?? []
          }
        }
      }
  }

  /// Signs in anonymously. Other providers (Sign in with Apple, Google) go
  /// through FirebaseAuth's `signIn(with:)` and need no other change here.
  public func signIn() async {
    status = "Signing in…"
    do {
      _ = try await Auth.auth().signInAnonymously()
    } catch {
      status = "You are signed out: sign-in failed (\(error.localizedDescription))."
    }
  }

  private func userChanged(_ user: User?) {
    uid = user?.uid
    if user == nil {
      Task { await signIn() }
    } else {
      status = "Signed in. Open a broadcast or create one."
    }
  }

  /// Creates a broadcast with exactly the fields that the security rules
  /// accept. Returns whether the server stored it.
  @discardableResult
  public func create(name: String) async -> Bool {
    guard let uid, let name = checkedName(name) else { return false }
    return await write("create") {
      _ = try await self.db.collection("broadcasts").addDocument(data: [
        "name": name, "owner": uid, "createdAt": FieldValue.serverTimestamp(),
      ])
    }
  }

  /// Renames a broadcast. The rules allow this only to its owner.
  public func rename(_ broadcast: Broadcast, to name: String) async {
    guard let name = checkedName(name) else { return }
    await write("rename") {
      try await self.db.collection("broadcasts").document(broadcast.id)
        .updateData(["name": name])
    }
  }

  /// Deletes a broadcast. The rules allow this only to its owner.
  public func delete(_ broadcast: Broadcast) async {
    await write("delete") {
      try await self.db.collection("broadcasts").document(broadcast.id).delete()
    }
  }

  /// Returns the trimmed name, or nil after reporting why it is invalid.
  private func checkedName(_ name: String) -> String? {
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    // The rules count Unicode code points, as unicodeScalars does.
    guard (1...100).contains(trimmed.unicodeScalars.count) else {
      status = "Names are 1 to 100 characters long."
      return nil
    }
    return trimmed
  }

  @discardableResult
  private func write(_ action: String, _ run: () async throws -> Void) async -> Bool {
    status = "Saving…"
    do {
      try await run()
      status = "Saved."
      return true
    } catch let error as FirestoreErrorCode where error.code == .permissionDenied {
      status = "The server rejected the \(action): only the owner of a broadcast may rename or delete it."
    } catch {
      status = "Could not \(action) the broadcast: \(error.localizedDescription)"
    }
    return false
  }
}
