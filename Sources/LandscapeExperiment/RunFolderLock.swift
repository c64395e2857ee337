import Foundation
import LandscapeCore

/// An advisory lock (flock) on a run folder for whole-folder operations (a run, a `--force`
/// clear): a second one refuses with one line instead of clearing files under the first. The
/// kernel drops the lock when the process ends, however it ends, so a killed run never leaves
/// the folder locked.
public final class RunFolderLock {
    let descriptor: Int32

    /// Takes the lock on `folder/.lock`, or throws naming the process that holds it.
    public init(folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(".lock")
        descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw LandscapeError(file: url.path, "cannot open the run folder's lock (errno \(errno))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder =
                (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            close(descriptor)
            throw LandscapeError(
                file: folder.path,
                "another landscape run (pid \(holder)) is working in this folder; wait for it, or choose another --out")
        }
        ftruncate(descriptor, 0)
        let pid = "\(ProcessInfo.processInfo.processIdentifier)\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
