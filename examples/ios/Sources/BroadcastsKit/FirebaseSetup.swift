import FirebaseAuth
import FirebaseCore
import FirebaseFirestore
import FirebaseFunctions
import Foundation

/// Configures Firebase for a real project or for the local Emulator Suite.
public enum FirebaseSetup {
  /// Configures Firebase once at app start. With the environment variable
  /// `USE_FIREBASE_EMULATORS=1`, set in the Xcode scheme, the app uses the
  /// emulators of `npm start` for the demo project `demo-broadcasts`.
  /// Otherwise it reads the real project's GoogleService-Info.plist.
  /// `EMULATOR_HOST` overrides the emulator host, for example with a Mac's
  /// LAN address for a physical device.
  public static func configure() {
    let environment = ProcessInfo.processInfo.environment
    guard environment["USE_FIREBASE_EMULATORS"] == "1" else {
      FirebaseApp.configure()
      return
    }
    // The emulators accept any API key and app ID of the right form.
    let options = FirebaseOptions(
      googleAppID: "1:123456789012:ios:0123456789abcdef",
      gcmSenderID: "123456789012")
    options.projectID = "demo-broadcasts"
    options.apiKey = "demo-api-key"
    FirebaseApp.configure(options: options)

    let host = environment["EMULATOR_HOST"] ?? "127.0.0.1"
    Auth.auth().useEmulator(withHost: host, port: 9099)
    let settings = Firestore.firestore().settings
    settings.host = "\(host):8080"
    settings.isSSLEnabled = false
    settings.cacheSettings = MemoryCacheSettings()
    Firestore.firestore().settings = settings
    Functions.functions().useEmulator(withHost: host, port: 5001)
  }
}
