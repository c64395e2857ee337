import Foundation

/// A dataset's name: one of the paper's four built-in datasets, or one declared in a spec.
/// Everything the tool knows about it comes from its `DatasetDescriptor`, looked up in the
/// `DatasetDescriptors` of the spec at hand; nothing else in the code knows a dataset by name. Encodes as its plain string, as the enum it replaced did.
public struct DatasetName: RawRepresentable, Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var description: String { rawValue }
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
        let allowed = { (c: Unicode.Scalar) in
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "-_.+".unicodeScalars.contains(c))
        }
        guard (1...64).contains(text.unicodeScalars.count), text.unicodeScalars.allSatisfy(allowed),
            let first = text.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first)
        else {
            return
                "dataset name \(String(reflecting: String(text.prefix(80)))) must be 1–64 letters, digits, '-', '_', '.' or '+', starting with a letter or digit"
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

    public var isBuiltIn: Bool { Self.allCases.contains(self) }
}
