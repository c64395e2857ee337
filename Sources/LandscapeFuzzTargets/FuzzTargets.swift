import Foundation
import LandscapeCore
import LandscapeData
import LandscapeEncoders
import LandscapeExperiment
import LandscapeFindings
import LandscapeReport

/// Every parser of untrusted bytes, as a fuzz target: it may throw (bad input gets an error),
/// never trap or hang. `make fuzz` drives them with libFuzzer; the test suite replays the
/// committed corpus and every input that once crashed one (Fuzz/regressions).
public enum FuzzTargets {
    /// One target per parser (the dataset formats' IDX, CSV and `.npy` parsers each once, through
    /// the readers that use them, built-in and declared alike), and per file the tool reads.
    public static let names = [
        "idx", "csv", "npy", "cifar", "gzip", "tar", "safetensors", "results", "spec", "spec-full", "shard", "render",
        "diff-args", "findings",
    ]

    /// Feeds `data` to the named target; true when it parsed. Errors are the expected answer to
    /// bad bytes.
    @discardableResult
    public static func run(_ name: String, _ data: Data) -> Bool {
        do {
            switch name {
            case "idx": try idx(data)
            case "csv": try csv(data)
            case "npy": try npy(data)
            case "gzip": _ = try Gzip.decompress(data, limit: 1 << 24, file: "fuzz.gz")
            case "tar": let tar = try TarArchive(data, file: "fuzz.tar"); _ = tar.member(named: "data_batch_1.bin")
            case "cifar":
                let descriptor = DatasetDescriptors.builtIn[
                    data.first.map { $0 & 1 == 0 } ?? true ? .cifar10 : .cifar100]!
                _ = try Dataset(
                    builtIn: CIFARReader.read(
                        descriptor, chunks: [("data_batch_1.bin", data.dropFirst())], limit: nil, file: "fuzz"),
                    descriptor)
            case "safetensors":
                let s = try SafeTensors(data: data, file: "fuzz.safetensors")
                for name in s.entries.keys.sorted().prefix(4) { _ = try? s.floats(name) }
            case "results": _ = try RunStore.decodeResults(data, file: "fuzz.json")
            case "spec": try withFile(data, "spec.yaml") { _ = try ExperimentSpec.parse($0) }
            case "render":
                // A results.json of any commit through validation, every figure and every formatter.
                let folder = scratch.appendingPathComponent("render")
                try withFile(data, "render/results.json") { _ in
                    _ = try ReportRenderer(templates: templates).render(folder: folder)
                }
            case "diff-args": _ = try RevisionArgument.parse(String(decoding: data, as: UTF8.self))
            case "spec-full":
                // A run folder's spec.json as `run`, `merge` and `render` read it, and through `--spec`.
                try RunStore.decoder.decode(ExperimentSpec.self, from: data).validate()
                try withFile(data, "spec.json") { _ = try ExperimentSpec.parse($0) }
            case "findings": _ = try FindingsFile.decode(data, file: "findings.json")
            case "shard":
                _ = try Shard.parse(
                    String(decoding: data, as: UTF8.self),
                    environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"])
            default: preconditionFailure("unknown fuzz target \(name)")
            }
            return true
        } catch { return false }
    }

    /// An IDX images/labels pair: the first two bytes say where the labels file starts; either
    /// part may be gzip-compressed. Read as a declared dataset of any shape, and as FashionMNIST
    /// whole and cut to 50 objects (the built-in path).
    static func idx(_ data: Data) throws {
        try idxPair(data) { images, labels in
            let reader = IDXReader(images: images, labels: labels)
            try anyParses(
                {
                    _ = try DeclaredDataset.load(
                        DatasetDeclaration(name: "fuzz", path: images.path, format: IDXReader.name, labels: labels.path)
                    )
                },
                { _ = try Dataset(builtIn: reader.read(limit: 50), .fashionMNIST) },
                { _ = try Dataset(builtIn: reader.read(limit: nil), .fashionMNIST) })
        }
    }

    /// A CSV file, as a declared dataset (label last) and as the built-in MNIST layout (label first, bytes).
    static func csv(_ data: Data) throws {
        try withFile(data, "fuzz.csv") { url in
            try anyParses(
                {
                    _ = try DeclaredDataset.load(
                        DatasetDeclaration(name: "fuzz", path: url.path, format: CSVReader.name))
                },
                { _ = try Dataset(builtIn: CSVReader(url, label: "first", bytes: true).read(limit: 50), .mnist) })
        }
    }

    /// Runs every reading; throws the first error when none parsed.
    static func anyParses(_ readings: (() throws -> Void)...) throws {
        var errors: [Error] = []
        for reading in readings {
            do { try reading() } catch { errors.append(error) }
        }
        if errors.count == readings.count, let first = errors.first { throw first }
    }

    /// One `.npy` array through every decoder, then an X and a y `.npy` as a declared dataset: the
    /// first two bytes say where y starts (as the idx target).
    static func npy(_ data: Data) throws {
        _ = try? NPY.decodeDoubles(data, file: "fuzz.npy")
        _ = try? NPY.decodeFloats(data, file: "fuzz.npy")
        if (try? NPY.decodeAny(data, file: "fuzz.npy")) != nil { return }
        let bytes = [UInt8](data)
        guard bytes.count >= 2 else { throw LandscapeError("too short") }
        let split = min(bytes.count, 2 + ((Int(bytes[0]) << 8) | Int(bytes[1])))
        try withFile(Data(bytes[split...]), "y.npy") { y in
            let x = y.deletingLastPathComponent().appendingPathComponent("X.npy")
            try Data(bytes[2..<split]).write(to: x)
            _ = try DeclaredDataset.load(DatasetDeclaration(name: "fuzz", path: x.path, format: NPYReader.name))
        }
    }

    static func idxPair(_ data: Data, _ body: (URL, URL) throws -> Void) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 2 else { throw LandscapeError("too short") }
        let split = min(bytes.count, 2 + ((Int(bytes[0]) << 8) | Int(bytes[1])))
        let folder = scratch.appendingPathComponent("idx")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let images = folder.appendingPathComponent("train-images-idx3-ubyte"),
            labels = folder.appendingPathComponent("train-labels-idx1-ubyte")
        try Data(bytes[2..<split]).write(to: images)
        try Data(bytes[split...]).write(to: labels)
        try body(images, labels)
    }

    /// This repository (its templates).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let templates = repository.appendingPathComponent("templates")

    /// Parsers that read files get the bytes through one scratch file per process.
    static func withFile(_ data: Data, _ name: String, _ body: (URL) throws -> Void) throws {
        let url = scratch.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        try body(url)
    }

    static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
        "landscape-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
}
