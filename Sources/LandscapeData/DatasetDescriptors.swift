import Foundation
import LandscapeCore

/// The datasets one spec knows: the paper's four built-in descriptors and those the spec
/// declares (with what was read from their files). A value, passed to whoever needs to know a
/// dataset by name — the runner, the report, a diff — so two runs that declare the same name
/// with different files never see each other's descriptor.
public struct DatasetDescriptors: Hashable, Sendable {
    public let declared: [DatasetDescriptor]

    public init(declared: [DatasetDescriptor]? = nil) { self.declared = declared ?? [] }

    /// The built-in four alone.
    public static let builtIn = DatasetDescriptors()

    /// The descriptor of `name`, or nil when it is neither built in nor declared.
    public subscript(_ name: DatasetName) -> DatasetDescriptor? {
        DatasetDescriptor.builtIn.first { $0.name == name.rawValue } ?? declared.first { $0.name == name.rawValue }
    }

    /// The descriptor of `name`, or the one-line error that lists what is known.
    public func descriptor(_ name: DatasetName) throws -> DatasetDescriptor {
        guard let d = self[name] else {
            throw LandscapeError(Self.unknown(name.rawValue, declared: declared.map(\.name)))
        }
        return d
    }

    /// A user's spelling: `mnist`, `fashion-mnist`/`fashionmnist`, `cifar10`, `cifar100`, or the
    /// exact name of a declared dataset.
    public func name(userSpelling text: String) -> DatasetName? {
        let key = text.lowercased().replacingOccurrences(of: "_", with: "-")
        if let d = DatasetDescriptor.builtIn.first(where: { $0.name == key || ($0.aliases ?? []).contains(key) }) {
            return DatasetName(rawValue: d.name)
        }
        return declared.contains { $0.name == text } ? DatasetName(rawValue: text) : nil
    }

    /// The name the report prints: the paper's spelling, or the declared name.
    public func displayName(_ name: DatasetName) -> String { self[name]?.displayName ?? name.rawValue }

    /// The error for a name that is neither built in nor declared.
    public static func unknown(_ text: String, declared: [String] = []) -> String {
        let known = DatasetName.allCases.map(\.rawValue).joined(separator: ", ")
        let own = declared.isEmpty ? "" : "; declared: \(declared.joined(separator: ", "))"
        return "unknown dataset '\(text)' (built in: \(known)\(own); or declare one with name, path, format)"
    }
}

extension DatasetDescriptor {
    /// The built-in four by name (readers and tests take a descriptor, never a name).
    public static var mnist: DatasetDescriptor { builtIn[0] }
    public static var fashionMNIST: DatasetDescriptor { builtIn[1] }
    public static var cifar10: DatasetDescriptor { builtIn[2] }
    public static var cifar100: DatasetDescriptor { builtIn[3] }
}
