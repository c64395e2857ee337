import Foundation
import LandscapeCore

/// Reads one dataset's files into `DatasetObjects`. The built-in layouts (`DatasetCatalog`) and
/// the formats a spec may declare (`DatasetFormats`) are readers alike, over one parser per file
/// format (`IDXFile`, `CSVTable`, `NPY`), so each parser is written and fuzzed once.
public protocol DatasetReader: Sendable {
    /// The first `limit` objects (all when nil); a reader may read only as much of its files as that needs.
    func read(limit: Int?) throws -> DatasetObjects
}

/// A format a spec may declare (`format: <name>`), built from its declaration.
public protocol DeclaredFormat: DatasetReader {
    /// The spec's `format:` value.
    static var name: DatasetFormatName { get }
    /// Whether a path's name says it is in this format (a declaration without `format:`).
    static func matches(path: String, isDirectory: Bool) -> Bool
    /// How the report names a dataset read in this format ("CSV", "images (RGB)").
    static func displayName(_ objects: DatasetObjects) -> String
    init(_ declaration: DatasetDeclaration)
}

extension DeclaredFormat {
    public static func displayName(_ objects: DatasetObjects) -> String { name.rawValue.uppercased() }
}

/// The registry of declared formats, in the order a path's name is tried against them.
public enum DatasetFormats {
    public static let all: [any DeclaredFormat.Type] = [
        CSVReader.self, NPYReader.self, IDXReader.self, ImageFolderReader.self,
    ]

    public static func named(_ name: DatasetFormatName) -> (any DeclaredFormat.Type)? { all.first { $0.name == name } }
}

/// A declared format's name as the spec spells it; the allowed values are the registry's.
public struct DatasetFormatName: RegisteredName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static var allCases: [DatasetFormatName] { DatasetFormats.all.map { $0.name } }
    public static let entry = "dataset format"
}
