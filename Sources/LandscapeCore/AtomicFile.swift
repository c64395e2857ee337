import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a temporary file
/// beside the target, which is then renamed over it (rename is atomic on one file system).
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating the parent folder if needed.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt64.random(in: 0...UInt64.max)).tmp"
        )
        do {
            try data.write(to: temporary)
            try replace(url, with: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw LandscapeError(file: url.path, "cannot write: \(error.localizedDescription)")
        }
    }

    /// Writes a UTF-8 string atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Moves `source` onto `target` with rename(2), replacing what was there.
    public static func replace(_ target: URL, with source: URL) throws {
        if rename(source.path, target.path) != 0 {
            throw LandscapeError(
                file: target.path, "cannot rename \(source.lastPathComponent) into place (errno \(errno))")
        }
    }

    /// Builds a folder under a temporary name, then renames it into place, replacing any old one.
    public static func writeDirectory(_ url: URL, build: (URL) throws -> Void) throws {
        let parent = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let temporary = parent.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmpdir")
        try? FileManager.default.removeItem(at: temporary)
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        do {
            try build(temporary)
            let old = parent.appendingPathComponent(
                ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).old")
            try? FileManager.default.removeItem(at: old)
            if FileManager.default.fileExists(atPath: url.path) {
                try FileManager.default.moveItem(at: url, to: old)
            }
            try FileManager.default.moveItem(at: temporary, to: url)
            try? FileManager.default.removeItem(at: old)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
