import Foundation

/// The name of an entry of a registry (a criterion, a dataset format): stored as its text, its
/// allowed values the registry's (`allCases`), and decoding refuses any other, naming the allowed.
public protocol RegisteredName: RawRepresentable, Codable, Hashable, Sendable, CaseIterable
where RawValue == String, AllCases == [Self] {
    /// What the registry holds, for errors: "criterion", "dataset format".
    static var entry: String { get }
    init(rawValue: String)
}

extension RegisteredName {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        self.init(rawValue: try c.decode(String.self))
        guard Self.allCases.contains(self) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: Self.unknown(rawValue))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// "no criterion is called 'x' (known: gaussian, subspace)".
    public static func unknown(_ text: String) -> String {
        "no \(entry) is called '\(text)' (known: \(allCases.map(\.rawValue).joined(separator: ", ")))"
    }
}
