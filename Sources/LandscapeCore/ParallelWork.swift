import Foundation

/// Runs independent jobs side by side on `workers` threads. Jobs are handed out in the order
/// given (put the longest first); each job's result depends only on its index, never on which
/// thread ran it or when, so results are the same for any number of workers.
public enum ParallelWork {
    public static var defaultWorkers: Int { ProcessInfo.processInfo.activeProcessorCount }

    public static func run(_ order: [Int], workers: Int, _ job: @escaping @Sendable (Int) -> Void) {
        final class Counter: @unchecked Sendable { let lock = NSLock(); var next = 0 }
        let counter = Counter()
        let group = DispatchGroup()
        for _ in 0..<max(1, min(workers, order.count)) {
            group.enter()
            let thread = Thread {
                BLAS.useOneThread()
                while true {
                    counter.lock.lock()
                    let position = counter.next
                    counter.next += 1
                    counter.lock.unlock()
                    if position >= order.count { break }
                    job(order[position])
                }
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
    }
}

/// Peak resident memory of this process so far, in MiB.
public func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024 // Linux reports KiB
}

/// Seconds on a monotonic clock.
public func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
