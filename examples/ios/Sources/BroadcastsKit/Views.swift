import SwiftUI
import UIKit

/// The list of broadcasts with a star on the user's own, a field to create
/// one, and swipe actions to rename or delete the user's own.
public struct BroadcastListView: View {
  @StateObject private var store = BroadcastStore()
  @State private var newName = ""
  @State private var renaming: Broadcast?
  @State private var renameText = ""

  public init() {}

  public var body: some View {
    NavigationStack {
      List {
        Section {
          HStack {
            TextField("Name a new broadcast", text: $newName)
            Button("Create") {
              Task {
                if await store.create(name: newName) { newName = "" }
              }
            }
            .disabled(store.uid == nil)
          }
        }
        Section("All broadcasts") {
          ForEach(store.broadcasts) { broadcast in
            row(broadcast)
          }
        }
      }
      .safeAreaInset(edge: .top) {
        Text(store.status)
          .font(.footnote)
          .frame(maxWidth: .infinity, alignment: .leading)
          .padding(.horizontal)
      }
      .navigationTitle("Broadcasts")
      .navigationDestination(for: Broadcast.self) { BroadcastRoomView(broadcast: $0) }
      .alert("Rename", isPresented: renameIsPresented, presenting: renaming) { broadcast in
        TextField("Name", text: $renameText)
        Button("Save") {
          renaming = nil
          Task { await store.rename(broadcast, to: renameText) }
        }
        Button("Cancel", role: .cancel) { renaming = nil }
      }
      .task { store.start() }
    }
  }

  private var renameIsPresented: Binding<Bool> {
    Binding(get: { renaming != nil }, set: { if !$0 { renaming = nil } })
  }

  private func row(_ broadcast: Broadcast) -> some View {
    let owned = broadcast.owner == store.uid
    return NavigationLink(value: broadcast) {
      HStack {
        if owned {
          Image(systemName: "star.fill")
            .foregroundStyle(.yellow)
            .accessibilityLabel("Yours")
        }
        Text(broadcast.name)
      }
    }
    // Only the owner gets controls. The rules reject everyone else's writes.
    .swipeActions {
      if owned {
        Button("Delete", role: .destructive) {
          Task { await store.delete(broadcast) }
        }
        Button("Rename") {
          renameText = broadcast.name
          renaming = broadcast
        }
      }
    }
  }
}

/// One open broadcast: its status line and video.
struct BroadcastRoomView: View {
  @StateObject private var room: VideoRoom

  init(broadcast: Broadcast) {
    _room = StateObject(wrappedValue: VideoRoom(broadcast: broadcast))
  }

  var body: some View {
    VStack(alignment: .leading, spacing: 12) {
      Text(room.status)
      if let view = room.publisherView {
        VideoView(view: view).aspectRatio(3 / 4, contentMode: .fit)
      }
      if let view = room.subscriberView {
        VideoView(view: view).aspectRatio(3 / 4, contentMode: .fit)
      }
      Spacer()
    }
    .padding()
    .navigationTitle(room.title)
    .onAppear { room.join() }
    .onDisappear { room.leave() }
  }
}

/// Shows a UIView that the OpenTok SDK created for a publisher or subscriber.
private struct VideoView: UIViewRepresentable {
  let view: UIView

  func makeUIView(context: Context) -> UIView { view }
  func updateUIView(_ uiView: UIView, context: Context) {}
}
