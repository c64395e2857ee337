import CGD

/// libgd's FreeType cache must be set up once before several threads draw text.
public enum FigureThreads {
    /// A static let runs its initialiser exactly once, thread-safely.
    static let setup: Int32 = gdFontCacheSetup()
    public static func setUp() { _ = setup }
}
