import Foundation

/// Runs independent jobs side by side on `workers` threads. Jobs are handed out in the order
/// given (put the longest first); each job's result depends only on its index, never on which
/// thread ran it or when, so results are the same for any number of workers. Every parallel loop
/// of the tool goes through `map` or `run`, and shares state only through `Locked`.
public enum ParallelWork {
    public static var defaultWorkers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The results of `job(i)` for every i in `0..<count`, indexed by i, running the indices in
    /// `order` (default ascending). After a job throws, no further job starts, and the error of
    /// the earliest failing job in `order` among those that ran is rethrown.
    public static func map<T: Sendable>(
        _ count: Int, order: [Int]? = nil, workers: Int,
        _ job: @escaping @Sendable (Int) throws -> T
    ) throws -> [T] {
        let shared = MapState<T>(count)
        let order = order ?? Array(0..<count)
        let positions = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        run(order, workers: workers) { i in
            if shared.state.withLock({ $0.failure != nil }) { return }
            do {
                let value = try job(i)
                shared.state.withLock { $0.results[i] = value }
            } catch {
                let position = positions[i] ?? i
                shared.state.withLock { s in
                    if s.failure.map({ position < $0.position }) ?? true { s.failure = (position, error) }
                }
            }
        }
        let state = shared.state.withLock { s in (s.results, s.failure?.error) }
        if let error = state.1 { throw error }
        return state.0.map { $0! }
    }

    /// What `map`'s workers share: the results so far, and the earliest failure.
    final class MapState<T: Sendable>: Sendable {
        struct State {
            var results: [T?]
            var failure: (position: Int, error: any Error)?
        }
        let state: Locked<State>
        init(_ count: Int) { state = Locked(State(results: Array(repeating: nil, count: count))) }
    }

    /// Runs `job(i)` for every i of `order`, on at most `workers` threads.
    public static func run(_ order: [Int], workers: Int, _ job: @escaping @Sendable (Int) -> Void) {
        let next = Locked(0)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(workers, order.count)) {
            group.enter()
            let thread = Thread {
                BLAS.useOneThread()
                while true {
                    let position = next.withLock { n in
                        defer { n += 1 }
                        return n
                    }
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
