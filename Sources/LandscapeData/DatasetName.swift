import Foundation

/// A dataset's name: one of the paper's four built-in datasets, or one declared in a spec.
/// Everything the tool knows about it comes from its `DatasetDescriptor`; nothing else in the
/// code knows a dataset by name. Encodes as its plain string, as the enum it replaced did.
public struct DatasetName: RawRepresentable, Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let mnist = DatasetName(rawValue: "mnist")
    public static let fashionMNIST = DatasetName(rawValue: "fashion-mnist")
    public static let cifar10 = DatasetName(rawValue: "cifar10")
    public static let cifar100 = DatasetName(rawValue: "cifar100")
    /// The paper's four, in the order of its appendix Table 1.
    public static let allCases = [mnist, fashionMNIST, cifar10, cifar100]

    /// Every decoded name is checked (a spec, a run folder's spec.json, results.json of any
    /// commit): a dataset's name becomes file names, figure paths, ids and page text.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        if let problem = Self.problem(text) { throw DecodingError.dataCorruptedError(in: c, debugDescription: problem) }
        rawValue = text
    }

    /// Why `text` cannot name a dataset, or nil: 1–64 ASCII letters, digits, '-', '_', '.' or
    /// '+', starting with a letter or digit. That keeps every name a plain file name (no '/',
    /// no '..'), and text that needs no escaping in a page, a table or a shell script.
    public static func problem(_ text: String) -> String? {
        let allowed = { (c: Unicode.Scalar) in c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "-_.+".unicodeScalars.contains(c)) }
        guard (1...64).contains(text.unicodeScalars.count), text.unicodeScalars.allSatisfy(allowed),
              let first = text.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) else {
            return "dataset name \(String(reflecting: String(text.prefix(80)))) must be 1–64 letters, digits, '-', '_', '.' or '+', starting with a letter or digit"
        }
        return nil
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// Built-in datasets in Table 1's order, then declared ones by name.
    public static func < (a: Self, b: Self) -> Bool {
        let (i, j) = (allCases.firstIndex(of: a) ?? allCases.count, allCases.firstIndex(of: b) ?? allCases.count)
        return i != j ? i < j : a.rawValue < b.rawValue
    }

    public var descriptor: DatasetDescriptor { DatasetRegistry.descriptor(self) }
    public var isBuiltIn: Bool { Self.allCases.contains(self) }

    /// The name the paper prints (or the declared name).
    public var displayName: String { descriptor.displayName }
    /// Table 1's description column.
    public var description: String { descriptor.description }
    public var isColour: Bool { descriptor.channels == 3 }
    /// "RGB", "grayscale", or a declared dataset's format.
    public var format: String { descriptor.formatName }
    /// Image side (nil: a flat dataset, not an image).
    public var side: Int { descriptor.side ?? 0 }
    public var channels: Int { descriptor.channels ?? 1 }
    /// Flattened input size n (images channel-major C×H×W).
    public var features: Int { descriptor.features }
    public var classes: Int { descriptor.classes }
    /// Objects in the training split (a declared dataset: all it holds).
    public var trainingCount: Int { descriptor.objects }

    /// A user's spelling: `mnist`, `fashion-mnist`/`fashionmnist`, `cifar10`, `cifar100`, or
    /// the name of a dataset declared in the spec.
    public init?(userSpelling text: String) {
        let key = text.lowercased().replacingOccurrences(of: "_", with: "-")
        if let d = DatasetDescriptor.builtIn.first(where: { $0.name == key || ($0.aliases ?? []).contains(key) }) {
            self.init(rawValue: d.name)
            return
        }
        guard DatasetRegistry.isRegistered(DatasetName(rawValue: text)) else { return nil }
        self.init(rawValue: text)
    }
}
