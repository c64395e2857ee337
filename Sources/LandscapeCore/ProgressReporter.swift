import Foundation

/// Progress of long work on stderr: a bar with ETA on a terminal, plain lines otherwise.
public final class ProgressReporter: Sendable {
    let total: Int
    let label: String
    let start = monotonicSeconds()
    let isTerminal = isatty(STDERR_FILENO) != 0
    let quiet: Bool
    /// What `step`'s `units` count ("images"), shown as a rate; nil shows no rate.
    let rateUnit: String?
    /// Items and units done so far.
    let counts = Locked((done: 0, units: 0))

    public init(total: Int, label: String, quiet: Bool = false, rateUnit: String? = nil) {
        self.total = total
        self.label = label
        self.quiet = quiet
        self.rateUnit = rateUnit
    }

    /// Marks one item finished; `units` of `rateUnit` were done in it.
    public func step(_ item: String, units: Int = 0) {
        // The line is written under the lock too, so lines never interleave.
        counts.withLock { c in
            c.done += 1
            c.units += units
            guard !quiet else { return }
            write(item, done: c.done, units: c.units)
        }
    }

    func write(_ item: String, done: Int, units: Int) {
        let elapsed = monotonicSeconds() - start
        let eta = done < total ? elapsed / Double(done) * Double(total - done) : 0
        let item =
            rateUnit.map { String(format: "%@, %.1f %@/s", item, Double(units) / max(elapsed, 1e-9), $0) } ?? item
        if isTerminal {
            let width = 30, filled = width * done / max(1, total)
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = String(
                format: "\r%@ %@ %d/%d  %.1fs  ETA %.1fs  %@\u{1B}[K", label, bar, done, total, elapsed, eta, item)
            FileHandle.standardError.write(Data(line.utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            let line = String(
                format: "%@ [%d/%d] %@ (%.1fs elapsed, ETA %.1fs)\n", label, done, total, item, elapsed, eta)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
