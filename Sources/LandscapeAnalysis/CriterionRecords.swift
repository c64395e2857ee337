import Foundation

/// The records of the criteria measured on one network, keyed by criterion name (results.json's
/// `criteria.records`). Decoding goes through the registry: each key is read as its criterion's
/// record type, and a name no registered criterion has is an error naming it.
public struct CriterionRecords: Codable, Hashable, Sendable {
    /// One record, of whichever criterion's type.
    struct Entry: Hashable, Sendable {
        let value: any Codable & Hashable & Sendable
        static func == (a: Entry, b: Entry) -> Bool { a.value.isEqual(b.value) }
        func hash(into hasher: inout Hasher) { value.hash(into: &hasher) }
    }

    var entries: [CriterionName: Entry] = [:]

    public init() {}

    /// The record of `criterion`, when measured.
    public subscript<C: Criterion>(_ criterion: C.Type) -> C.Record? {
        get { entries[C.name]?.value as? C.Record }
        set { entries[C.name] = newValue.map { Entry(value: $0) } }
    }

    /// The names measured, in the registry's order.
    public var names: [CriterionName] { Criteria.all.map { $0.name }.filter { entries[$0] != nil } }

    public var isEmpty: Bool { entries.isEmpty }

    struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        for key in c.allKeys {
            guard let criterion = Criteria.named(CriterionName(rawValue: key.stringValue)) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: CriterionName.unknown(key.stringValue))
            }
            entries[criterion.name] = try Self.decode(criterion, c, key)
        }
    }

    static func decode<C: Criterion>(_ criterion: C.Type, _ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> Entry
    {
        Entry(value: try c.decode(C.Record.self, forKey: key))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (name, entry) in entries { try Self.encode(entry.value, &c, Key(stringValue: name.rawValue)) }
    }

    static func encode<R: Encodable>(_ value: R, _ c: inout KeyedEncodingContainer<Key>, _ key: Key) throws {
        try c.encode(value, forKey: key)
    }
}

extension Equatable {
    /// Equality with a value of any type (false across types): what a record of the registry needs.
    func isEqual(_ other: Any) -> Bool { (other as? Self).map { $0 == self } ?? false }
}
