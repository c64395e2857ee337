import Foundation

/// A value behind a lock: the one primitive for state that worker threads share (results, the
/// first error, a counter, a progress line). A pthread mutex through NSLock rather than
/// Synchronization.Mutex: ThreadSanitizer (`make sanitize`) sees NSLock's synchronisation, but not
/// Mutex's futex inside the uninstrumented standard library, and reported races that are not.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) { self.value = value }

    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
