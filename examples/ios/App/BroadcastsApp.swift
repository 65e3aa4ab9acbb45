import BroadcastsKit
import SwiftUI

@main
struct BroadcastsApp: App {
  init() {
    FirebaseSetup.configure()
  }

  var body: some Scene {
    WindowGroup {
      BroadcastListView()
    }
  }
}
