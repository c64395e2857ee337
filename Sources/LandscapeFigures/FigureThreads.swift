import CGD
import Synchronization

/// libgd's FreeType cache must be set up once before several threads draw text.
public enum FigureThreads {
    static let done = Mutex(false)
    public static func setUp() {
        done.withLock { done in
            if !done { _ = gdFontCacheSetup(); done = true }
        }
    }
}
