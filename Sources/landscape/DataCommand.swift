import ArgumentParser
import Foundation
import LandscapeData
import LandscapeEncoders

struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "A folder searched first for datasets (then $LANDSCAPE_DATA, the cache, system places).")
    var dataDir: String?

    var catalog: DatasetCatalog { DatasetCatalog(dataDir: dataDir) }

    /// The catalog, holding the objects already read for the spec's declared datasets.
    func catalog(_ loaded: [DatasetName: Dataset]) -> DatasetCatalog {
        var c = catalog
        c.loaded = loaded
        return c
    }
}

struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Find and fetch the datasets.",
        subcommands: [List.self, Fetch.self, Inspect.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each dataset: found or missing, where, how many objects, checksum.")
        @OptionGroup var options: DataOptions

        func run() throws {
            let catalog = options.catalog
            print(pad("dataset", 20) + "status   objects  checksum    format                location")
            for descriptor in DatasetDescriptor.builtIn {
                let name = DatasetName(rawValue: descriptor.name)
                guard let location = catalog.locate(descriptor) else {
                    print(
                        pad(name.rawValue, 20) + pad("missing", 9) + pad("-", 9) + pad("-", 12) + pad("-", 22)
                            + "get it: \(DatasetCatalog.fetchCommand(name))")
                    continue
                }
                let count: String
                do { count = String(try catalog.load(descriptor).count) } catch { count = "error: \(error)" }
                let check = DatasetVerification.verify(location).rawValue
                print(
                    pad(name.rawValue, 20) + pad("found", 9) + pad(count, 9) + pad(check, 12)
                        + pad(location.layout.formatName, 22) + location.folder.path)
            }
            let encoders = EncoderCatalog(catalog: catalog)
            for encoder in Encoder.allCases {
                if let url = encoders.locate(encoder) {
                    print(
                        pad(encoder.rawValue, 20) + pad("found", 9) + pad("-", 9) + pad("-", 12) + pad("weights", 22)
                            + url.path)
                } else {
                    print(
                        pad(encoder.rawValue, 20) + pad("missing", 9) + pad("-", 9) + pad("-", 12) + pad("weights", 22)
                            + "get them: \(encoder.setupCommand)")
                }
            }
        }
    }

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Download a dataset's official files into the cache, verified by checksum, or the ViT-B/16 weights.")
        @Argument(
            help:
                "mnist, fashion-mnist, cifar10, cifar100, or vit-b16 (google/vit-base-patch16-224 from the Hugging Face Hub)"
        ) var name: String
        @Option(help: "Base URL serving the same file names (default: the official location).") var mirror: String?
        @OptionGroup var options: DataOptions

        func run() async throws {
            if name == Encoder.vitB16.rawValue {
                let file = try await DatasetFetcher(catalog: options.catalog).fetchViT(mirror: mirror)
                print("\(name): ready in \(file.path)")
                return
            }
            guard let dataset = DatasetDescriptors.builtIn.name(userSpelling: name) else {
                throw ValidationError(
                    "unknown dataset '\(name)'; choose one of \(DatasetName.allCases.map(\.rawValue).joined(separator: ", ")), or vit-b16"
                )
            }
            let folder = try await DatasetFetcher(catalog: options.catalog).fetch(dataset, mirror: mirror)
            print("\(dataset.rawValue): ready in \(folder.path)")
        }
    }
}

func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
}

/// A benchmark's `--dataset`: one of the built-in four (any of its spellings).
enum DatasetOption {
    static func builtIn(_ text: String) throws -> DatasetName {
        guard let name = DatasetDescriptors.builtIn.name(userSpelling: text) else {
            throw ValidationError(DatasetDescriptors.unknown(text))
        }
        return name
    }
}
