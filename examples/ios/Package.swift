// swift-tools-version: 5.9
// The broadcast logic and views as a local package. An Xcode iOS app target
// with App/BroadcastsApp.swift depends on it, as README.md describes.
import PackageDescription

let package = Package(
  name: "BroadcastsKit",
  platforms: [.iOS(.v17)],
  products: [
    .library(name: "BroadcastsKit", targets: ["BroadcastsKit"])
  ],
  dependencies: [
    .package(url: "https://github.com/firebase/firebase-ios-sdk.git", from: "12.0.0"),
    // The OpenTok iOS SDK, now the Vonage Video API SDK. Its module is `OpenTok`.
    .package(url: "https://github.com/Vonage/vonage-video-client-sdk-swift.git", from: "2.32.1"),
  ],
  targets: [
    .target(
      name: "BroadcastsKit",
      dependencies: [
        .product(name: "FirebaseAuth", package: "firebase-ios-sdk"),
        .product(name: "FirebaseFirestore", package: "firebase-ios-sdk"),
        .product(name: "FirebaseFunctions", package: "firebase-ios-sdk"),
        .product(name: "VonageClientSDKVideo", package: "vonage-video-client-sdk-swift"),
      ]
    )
  ]
)
