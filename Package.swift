// swift-tools-version:6.0
// landscape — reproduces and extends "Unraveling the Hessian" (arXiv 2409.11995).
// The targets read as the pipeline: data → model → analysis → experiment → findings → figures → report.
import PackageDescription

// The elementwise loops of the training engine (Adam, ReLU, softmax) vectorise to AVX2 on
// x86-64 (every x86 server since 2013); LLVM does not contract to FMA, so results do not change.
#if arch(x86_64)
let vectorised: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let vectorised: [SwiftSetting] = []
#endif

let package = Package(
    name: "landscape",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "landscape", targets: ["landscape"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // System libraries (Debian: libgd-dev, libcmark-dev, libopenblas-dev, zlib1g-dev, libssl-dev).
        .systemLibrary(name: "CGD", pkgConfig: "gdlib", providers: [.apt(["libgd-dev"])]),
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Checksums (MD5, SHA-256) from libcrypto: a system library, not a vendored BoringSSL build.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // The IEEE square root as a builtin loops can vectorise (a header, nothing to link).
        .systemLibrary(name: "CMath"),

        // Shared plumbing: errors, atomic files, seeded RNG, BLAS/LAPACK, .npy.
        .target(name: "LandscapeCore", dependencies: ["COpenBLAS"]),
        // Dataset files → normalised matrices.
        .target(
            name: "LandscapeData",
            dependencies: [
                "LandscapeCore", "CZlib", "CGD", "CCrypto",
            ]),
        // The MLP, its loss, Adam, the trainer.
        .target(name: "LandscapeModel", dependencies: ["LandscapeCore", "CMath"], swiftSettings: vectorised),
        // Curves, the paper's bounds, Hessian measurements.
        .target(
            name: "LandscapeAnalysis", dependencies: ["LandscapeCore", "LandscapeModel"], swiftSettings: vectorised),
        // Pretrained image encoders (features for the paper's Figure 3).
        .target(
            name: "LandscapeEncoders", dependencies: ["LandscapeCore", "LandscapeData", "CGD"],
            swiftSettings: vectorised),
        // Spec, grid runner, run store, results file.
        .target(
            name: "LandscapeExperiment",
            dependencies: [
                "LandscapeCore", "LandscapeData", "LandscapeModel", "LandscapeAnalysis", "LandscapeEncoders",
                .product(name: "Yams", package: "Yams"),
            ]),
        // Results → findings: each claim with its class, statistic and verdict (findings.json).
        .target(
            name: "LandscapeFindings",
            dependencies: [
                "LandscapeCore", "LandscapeData", "LandscapeAnalysis", "LandscapeExperiment",
            ]),
        // A small chart layer over libgd.
        .target(name: "LandscapeFigures", dependencies: ["LandscapeCore", "CGD"]),
        // Templates → Markdown → cmark HTML.
        .target(
            name: "LandscapeReport",
            dependencies: [
                "LandscapeCore", "LandscapeData", "LandscapeExperiment", "LandscapeFindings", "LandscapeFigures",
                "LandscapeAnalysis",
                "LandscapeEncoders", "CCmark",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // Every parser of untrusted bytes as a fuzz target, and the libFuzzer/replay driver (make fuzz).
        .target(
            name: "LandscapeFuzzTargets",
            dependencies: [
                "LandscapeCore", "LandscapeData", "LandscapeEncoders", "LandscapeExperiment", "LandscapeFindings",
                "LandscapeReport",
            ]),
        .executableTarget(name: "landscape-fuzz", dependencies: ["LandscapeFuzzTargets"]),
        // The thin executable: argument parsing and printing.
        .executableTarget(
            name: "landscape",
            dependencies: [
                "LandscapeCore", "LandscapeData", "LandscapeModel", "LandscapeAnalysis",
                "LandscapeExperiment", "LandscapeReport", "LandscapeEncoders", "CGD",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .target(
            name: "TestSupport", dependencies: ["LandscapeCore", "LandscapeData", "LandscapeExperiment", "CGD"],
            path: "Tests/TestSupport"),
        .testTarget(
            name: "LandscapeDataTests", dependencies: ["LandscapeCore", "LandscapeData", "TestSupport", "CGD"]),
        .testTarget(
            name: "LandscapeModelTests",
            dependencies: [
                "LandscapeCore", "LandscapeData", "LandscapeModel", "TestSupport",
                .product(name: "Numerics", package: "swift-numerics"),
            ]),
        .testTarget(
            name: "LandscapeAnalysisTests",
            dependencies: [
                "LandscapeCore", "LandscapeModel", "LandscapeAnalysis",
                .product(name: "Numerics", package: "swift-numerics"),
            ]),
        .testTarget(
            name: "LandscapeEncodersTests",
            dependencies: [
                "LandscapeEncoders", "LandscapeCore", "LandscapeData", "TestSupport",
                .product(name: "Numerics", package: "swift-numerics"),
            ], exclude: ["Fixtures"]),
        .testTarget(
            name: "LandscapeExperimentTests",
            dependencies: [
                "LandscapeCore", "LandscapeData", "LandscapeEncoders", "LandscapeExperiment", "LandscapeFuzzTargets",
                "LandscapeModel", "TestSupport",
            ]),
        .testTarget(name: "LandscapeFiguresTests", dependencies: ["LandscapeFigures", "CGD"]),
        .testTarget(
            name: "LandscapeReportTests",
            dependencies: [
                "LandscapeCore", "LandscapeData", "LandscapeAnalysis", "LandscapeEncoders", "LandscapeExperiment",
                "LandscapeFindings",
                "LandscapeFigures", "LandscapeReport", "TestSupport", "CGD",
            ], exclude: ["Fixtures"]),
    ]
)
