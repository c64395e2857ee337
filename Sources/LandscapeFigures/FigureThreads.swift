import CGD

/// libgd's FreeType cache must be set up once before several threads draw text.
public enum FigureThreads {
    nonisolated(unsafe) static var done = false
    public static func setUp() {
        if !done { _ = gdFontCacheSetup(); done = true }
    }
}
