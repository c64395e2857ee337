import Foundation
import LandscapeCore

/// The descriptors of this process: the built-in four, and those declared by the specs read
/// (a spec registers its datasets when it is loaded or decoded). Declared datasets keep the
/// objects they were read with, so a run does not read the files twice.
public enum DatasetRegistry {
    final class Store: @unchecked Sendable {
        let lock = NSLock()
        var descriptors: [String: DatasetDescriptor] = Dictionary(uniqueKeysWithValues: DatasetDescriptor.builtIn.map { ($0.name, $0) })
        var data: [String: Dataset] = [:]
    }
    static let store = Store()

    /// The descriptor of `name`; an unknown name gets a placeholder that says so.
    public static func descriptor(_ name: DatasetName) -> DatasetDescriptor {
        store.lock.withLock { store.descriptors[name.rawValue] }
            ?? DatasetDescriptor(name: name.rawValue, displayName: name.rawValue, description: "not declared in this spec", formatName: "unknown",
                                 side: nil, channels: nil, features: 1, classes: 2, objects: 0)
    }

    public static func isRegistered(_ name: DatasetName) -> Bool { store.lock.withLock { store.descriptors[name.rawValue] != nil } }

    /// Registers a declared dataset (and, when given, the objects read for it). A built-in name
    /// cannot be redeclared.
    public static func register(_ descriptor: DatasetDescriptor, data: Dataset? = nil) throws {
        if DatasetName(rawValue: descriptor.name).isBuiltIn {
            throw LandscapeError("dataset '\(descriptor.name)' is built in; give the declared dataset another name")
        }
        store.lock.withLock {
            store.descriptors[descriptor.name] = descriptor
            if let data { store.data[descriptor.name] = data }
        }
    }

    /// The objects a declared dataset was read with, if this process read it.
    public static func data(_ name: DatasetName) -> Dataset? { store.lock.withLock { store.data[name.rawValue] } }
}
