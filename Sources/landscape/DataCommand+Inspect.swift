import ArgumentParser
import Foundation
import LandscapeCore
import LandscapeData

extension DataCommand {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show what landscape reads from a dataset file or folder: objects, features, classes, values, and the first problems."
        )
        @Argument(
            help: "A CSV (or .csv.gz), an X .npy, an IDX images file, or a folder of class subfolders of pictures.")
        var path: String
        @Option(help: "The format (default: from the name).") var format: DatasetFormatName?
        @Option(help: "CSV: the label column (last, first, a 1-based number, or a header name).") var label = "last"
        @Option(help: "npy / idx: the labels file (default: y.npy / train-labels-idx1-ubyte beside PATH).") var labels:
            String?
        @Option(help: "images: resize pictures to side × side.") var side = 32
        @Option(help: "images: 1 (grey) or 3 (RGB).") var channels = 3

        func run() throws {
            let resolved = (path as NSString).expandingTildeInPath
            let kind = try format ?? DatasetDeclaration.inferredFormat(resolved)
            let declaration = DatasetDeclaration(
                name: "inspect", path: resolved, format: kind, label: label,
                labels: labels.map { ($0 as NSString).expandingTildeInPath }, side: side, channels: channels)
            let raw = try DeclaredDataset.objects(declaration)
            let order = DeclaredDataset.labelOrder(raw.labels)
            var counts: [String: Int] = [:]
            for l in raw.labels { counts[l, default: 0] += 1 }
            print("\(resolved) (\(kind.rawValue))")
            print("objects:  \(raw.labels.count)")
            print("features: \(raw.features)" + (raw.side.map { " (\(raw.channels ?? 1) × \($0) × \($0))" } ?? ""))
            print(
                "classes:  \(order.count) — "
                    + order.enumerated().prefix(20).map { "\($0.offset) = '\($0.element)': \(counts[$0.element]!)" }
                    .joined(separator: ", ")
                    + (order.count > 20 ? ", …" : ""))
            let values = raw.values.reals
            if let lo = values.min(), let hi = values.max() {
                var bytes = false
                if case .bytes = raw.values { bytes = true }
                print(
                    "values:   \(lo) to \(hi)"
                        + (bytes ? " (bytes: minmax maps them as the paper's pixels, (b/255 − 0.5)/0.5)" : ""))
            }
            if raw.problems.isEmpty {
                print("problems: none")
            } else {
                print("problems: \(raw.problems.count)\(raw.problems.count > 10 ? ", the first 10" : "")")
                for p in raw.problems.prefix(10) { print("  \(p.fatal ? "error" : "warning"): \(p)") }
                if raw.problems.contains(where: \.fatal) { throw ExitCode(1) }
            }
        }
    }
}

/// `--format`: a registered dataset format; help and errors list the registry's names.
extension DatasetFormatName: ExpressibleByArgument {
    public init?(argument: String) {
        guard DatasetFormats.named(DatasetFormatName(rawValue: argument)) != nil else { return nil }
        self.init(rawValue: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
