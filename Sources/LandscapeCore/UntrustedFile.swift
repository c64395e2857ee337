import Foundation

/// Reading files that come from a user (declared data, weights, results of any commit): only
/// regular files, at most a stated size, with one-line errors that name the file. Sizes computed
/// from a file's own header go through `checkedProduct`, so no header can trap the process.
public enum UntrustedFile {
    /// The largest file (or decompressed stream) read by default: 1 GiB. Raise it for one run with
    /// the environment variable LANDSCAPE_MAX_FILE_BYTES.
    public static var byteLimit: Int {
        if let text = ProcessInfo.processInfo.environment["LANDSCAPE_MAX_FILE_BYTES"], let n = Int(text), n > 0 {
            return n
        }
        return 1 << 30
    }

    /// The file's size, refusing anything that is not a regular file (a FIFO, a device, a folder).
    public static func regularFileSize(_ url: URL) throws -> Int {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw LandscapeError(file: url.path, "cannot read: \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw LandscapeError(file: url.path, "is not a regular file (a folder, device or pipe); name a data file")
        }
        return Int(info.st_size)
    }

    /// The whole file, memory-mapped, if it is a regular file of at most `limit` bytes.
    public static func read(_ url: URL, limit: Int = byteLimit) throws -> Data {
        let size = try regularFileSize(url)
        guard size <= limit else {
            throw LandscapeError(
                file: url.path, "is \(size) bytes, more than the limit of \(limit) (raise LANDSCAPE_MAX_FILE_BYTES)")
        }
        do { return try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw LandscapeError(file: url.path, "cannot read: \(oneLine(error))")
        }
    }

    /// The product of sizes read from a file, or an error when it overflows or exceeds `limit`.
    public static func checkedProduct(_ sizes: [Int], limit: Int = Int.max, file: String, what: String) throws -> Int {
        var product = 1
        for n in sizes {
            guard n >= 0 else { throw LandscapeError(file: file, "\(what) \(sizes) has a negative size") }
            let (p, overflow) = product.multipliedReportingOverflow(by: n)
            guard !overflow, p <= limit else {
                throw LandscapeError(file: file, "\(what) \(sizes) is impossibly large")
            }
            product = p
        }
        return product
    }

    /// Bytes a declared dataset costs per value at its peak: the Doubles read, their normalised
    /// copy, the growth of the array while reading, and the Float inputs.
    public static let peakBytesPerValue = 32.0

    /// Refuses, before decoding, a file whose `values` numbers would not fit in this machine's memory.
    public static func checkDecodedSize(
        values: Int, file: String, available: Double = Double(ProcessInfo.processInfo.physicalMemory)
    ) throws {
        let need = Double(values) * peakBytesPerValue
        guard need > available else { return }
        throw LandscapeError(
            file: file,
            String(
                format: "holds %d values; reading them needs about %.1f GiB, more than this machine's %.1f GiB",
                values, need / 1_073_741_824, available / 1_073_741_824))
    }

    /// a × b + c, checked.
    public static func checked(_ a: Int, times b: Int, plus c: Int = 0, file: String, what: String) throws -> Int {
        let (p, o1) = a.multipliedReportingOverflow(by: b)
        let (s, o2) = p.addingReportingOverflow(c)
        guard !o1, !o2, a >= 0, b >= 0, c >= 0 else { throw LandscapeError(file: file, "\(what) is impossibly large") }
        return s
    }

    /// A Foundation error as one line: the reason, without the userInfo dump.
    public static func oneLine(_ error: Error) -> String {
        if let e = error as? LandscapeError { return e.problem }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        let text = ns.localizedDescription
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "error \(ns.code)"
    }

    /// The path a Foundation error names, if any.
    public static func path(of error: Error) -> String? {
        let ns = error as NSError
        return (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
    }
}

/// Paths given on the command line: never empty (an unset shell variable would otherwise
/// write into the current folder), never holding control characters (a newline in a path would
/// become a new line in a generated sbatch script).
public enum CommandLinePath {
    public static func check(_ path: String, option: String) throws -> URL {
        guard !path.isEmpty else { throw LandscapeError("\(option): the path is empty (an unset variable?)") }
        if let problem = controlCharacterProblem(path) { throw LandscapeError("\(option): the path \(problem)") }
        return URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
    }

    public static func controlCharacterProblem(_ text: String) -> String? {
        text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            ? "\(String(reflecting: text)) holds a control character (a newline, tab, …)" : nil
    }
}
