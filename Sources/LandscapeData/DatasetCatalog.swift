import Foundation
import LandscapeCore

/// How a found dataset is laid out on disk.
public enum DatasetLayout: Sendable {
    case idx(images: URL, labels: URL)
    case csv(URL)
    /// The folder or archive, and the split's files in it.
    case cifarFolder(URL, files: [String])
    case cifarArchive(URL, files: [String])
    /// A dataset declared in the spec, read by `DeclaredDataset`.
    case declared(DatasetDeclaration)

    public var formatName: String {
        switch self {
        case .idx: "IDX"
        case .csv: "CSV"
        case .cifarFolder: "CIFAR binary"
        case .cifarArchive: "CIFAR binary .tar.gz"
        case let .declared(d): "declared \(d.format.rawValue)"
        }
    }
}

/// A dataset found on disk.
public struct DatasetLocation: Sendable {
    public let descriptor: DatasetDescriptor
    public let folder: URL
    public let layout: DatasetLayout

    public var name: DatasetName { DatasetName(rawValue: descriptor.name) }

    /// The reader of its files: the one per file format that declared datasets use too (a format
    /// no registered reader has is the error `DeclaredDataset.format` gives).
    public func reader() throws -> any DatasetReader {
        switch layout {
        case let .idx(images, labels): IDXReader(images: images, labels: labels)
        case let .csv(url): CSVReader(url, label: "first", bytes: true)
        case let .cifarFolder(folder, files): CIFARReader(descriptor, .folder(folder), files: files)
        case let .cifarArchive(archive, files): CIFARReader(descriptor, .archive(archive), files: files)
        case let .declared(d): try DeclaredDataset.format(d).init(d)
        }
    }

    /// The files the split is read from.
    public var files: [URL] {
        switch layout {
        case let .idx(images, labels): [images, labels]
        case let .csv(url), let .cifarArchive(url, _): [url]
        case let .cifarFolder(folder, files): files.map { folder.appendingPathComponent($0) }
        case let .declared(d): [URL(fileURLWithPath: d.path)]
        }
    }
}

/// Finds datasets by name: `--data-dir`, then `$LANDSCAPE_DATA`, then the per-user cache,
/// then system places such as Debian's `/usr/share/datasets/fashion-mnist`.
public struct DatasetCatalog: Sendable {
    /// Each place searched, with a label saying why it is searched.
    public let roots: [(label: String, url: URL)]
    public let cache: URL
    /// Objects already read for declared datasets (by the step that resolved the spec), so a run
    /// does not read their files twice.
    public var loaded: [DatasetName: Dataset] = [:]

    public init(dataDir: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        var roots: [(String, URL)] = []
        if let dataDir { roots.append(("--data-dir", URL(fileURLWithPath: dataDir))) }
        if let env = environment["LANDSCAPE_DATA"], !env.isEmpty {
            roots.append(("$LANDSCAPE_DATA", URL(fileURLWithPath: env)))
        }
        cache = Self.cacheDirectory(environment)
        roots.append(("cache", cache))
        roots.append(("system", URL(fileURLWithPath: "/usr/share/datasets")))
        self.roots = roots
    }

    /// `$XDG_CACHE_HOME/landscape`, else `~/.cache/landscape`.
    public static func cacheDirectory(_ environment: [String: String]) -> URL {
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("landscape")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/landscape")
    }

    /// Folders that may hold `name`, in search order.
    public func candidateFolders(_ name: DatasetName) -> [URL] {
        var folders: [URL] = []
        for (label, root) in roots {
            folders.append(root.appendingPathComponent(name.rawValue))
            if label != "cache" && label != "system" { folders.append(root) }
        }
        return folders
    }

    /// The test split of a built-in dataset in the folder its training split was found in (never
    /// one copy's training objects with another copy's test objects), or nil. Declared datasets
    /// hold out a fraction of their file instead (`DatasetDeclaration.heldOut`).
    public func locateHeldOut(_ descriptor: DatasetDescriptor) -> DatasetLocation? {
        guard descriptor.declaration == nil, let training = locate(descriptor),
            let layout = Self.layout(of: descriptor.heldOutFiles ?? [], in: training.folder)
        else { return nil }
        return DatasetLocation(descriptor: descriptor, folder: training.folder, layout: layout)
    }

    /// The first folder that holds a complete copy of `name`, or nil.
    public func locate(_ descriptor: DatasetDescriptor) -> DatasetLocation? {
        if let d = descriptor.declaration {
            let url = URL(fileURLWithPath: d.path)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            return DatasetLocation(
                descriptor: descriptor, folder: url.deletingLastPathComponent(), layout: .declared(d))
        }
        for folder in candidateFolders(DatasetName(rawValue: descriptor.name)) {
            if let layout = Self.layout(of: descriptor.files ?? [], in: folder) {
                return DatasetLocation(descriptor: descriptor, folder: folder, layout: layout)
            }
        }
        return nil
    }

    static func layout(of layouts: [DatasetFileLayout], in folder: URL) -> DatasetLayout? {
        let fm = FileManager.default
        func existing(_ names: [String], in dir: URL = folder) -> URL? {
            names.map { dir.appendingPathComponent($0) }.first { fm.fileExists(atPath: $0.path) }
        }
        for layout in layouts {
            switch layout {
            case let .idx(imageNames, labelNames):
                if let images = existing(imageNames), let labels = existing(labelNames) {
                    return .idx(images: images, labels: labels)
                }
            case let .mnistCSV(names):
                if let csv = existing(names) { return .csv(csv) }
            case let .cifarBinary(subfolder, trainingFiles, _, archive):
                for dir in [folder.appendingPathComponent(subfolder), folder]
                where fm.fileExists(atPath: dir.appendingPathComponent(trainingFiles[0]).path) {
                    return .cifarFolder(dir, files: trainingFiles)
                }
                if let file = existing([archive]) { return .cifarArchive(file, files: trainingFiles) }
            }
        }
        return nil
    }

    /// The command that gets a missing dataset.
    public static func fetchCommand(_ name: DatasetName) -> String {
        name.isBuiltIn
            ? "landscape data fetch \(name.rawValue)" : "check `path` of dataset '\(name.rawValue)' in the spec"
    }

    /// The one-line error for a dataset that is nowhere to be found.
    public func missingError(_ name: DatasetName) -> LandscapeError {
        let places = candidateFolders(name).map(\.path).joined(separator: ", ")
        return LandscapeError(
            "\(name.rawValue): dataset not found (looked in \(places)); get it with `\(Self.fetchCommand(name))`")
    }

    /// Loads the first `count` objects (all when nil) of the dataset's training split.
    public func load(_ descriptor: DatasetDescriptor, count: Int? = nil) throws -> Dataset {
        let name = DatasetName(rawValue: descriptor.name)
        guard let location = locate(descriptor) else { throw missingError(name) }
        if case let .declared(d) = location.layout {
            // A declared dataset is capped by its data (the runner says so), never an error.
            var all = try loadDeclared(d, descriptor)
            all = all.prefix(all.count - d.heldOutCount(of: all.count))
            return count.map { all.prefix($0) } ?? all
        }
        let dataset = try Dataset(builtIn: location.reader().read(limit: count), descriptor)
        if let count, dataset.count < count {
            throw LandscapeError(file: location.folder.path, "holds \(dataset.count) objects, \(count) were asked for")
        }
        return dataset
    }

    /// A declared dataset's objects, all of them (the training and the held-out ones), from
    /// what the spec's step read or from its files, which must still be the ones it recorded.
    func loadDeclared(_ d: DatasetDeclaration, _ descriptor: DatasetDescriptor) throws -> Dataset {
        let name = DatasetName(rawValue: descriptor.name)
        if let cached = loaded[name], cached.descriptor == descriptor { return cached }
        let (data, fresh) = try DeclaredDataset.load(d)
        // A spec read elsewhere (a run folder's spec.json, a Slurm job) recorded the files it saw.
        if let expected = descriptor.fingerprint, fresh.fingerprint != expected {
            throw LandscapeError(
                file: d.path,
                "changed since the spec recorded it (SHA-256 differs); read the spec again, or restore the files")
        }
        return data
    }

    /// The first `count` held-out objects: a built-in dataset's test split, or the declared
    /// dataset's held-out fraction; nil when there are none (no test files found, no fraction).
    public func loadHeldOut(_ descriptor: DatasetDescriptor, count: Int) throws -> Dataset? {
        if let d = descriptor.declaration {
            let all = try loadDeclared(d, descriptor)
            let held = d.heldOutCount(of: all.count)
            return held > 0 ? all.heldOutSuffix(held).prefix(count) : nil
        }
        guard let location = locateHeldOut(descriptor) else { return nil }
        return try Dataset(builtIn: location.reader().read(limit: count), descriptor, heldOut: true)
    }
}
