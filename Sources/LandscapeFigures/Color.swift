/// An sRGB colour with opacity.
public struct Color: Hashable, Sendable {
    public let r: Int, g: Int, b: Int
    /// 1 = opaque.
    public let opacity: Double

    public init(_ r: Int, _ g: Int, _ b: Int, opacity: Double = 1) {
        self.r = r; self.g = g; self.b = b; self.opacity = opacity
    }

    public init(hex: UInt32) { self.init(Int(hex >> 16 & 0xFF), Int(hex >> 8 & 0xFF), Int(hex & 0xFF)) }

    public func withOpacity(_ o: Double) -> Color { Color(r, g, b, opacity: o) }

    public static let black = Color(0, 0, 0), white = Color(255, 255, 255)
    public static let axis = Color(0x33, 0x33, 0x33), grid = Color(0xE3, 0xE3, 0xE3),
        minorGrid = Color(0xF2, 0xF2, 0xF2)
    public static let muted = Color(0x66, 0x66, 0x66)

    /// Okabe & Ito's colour-blind-safe palette (yellow left out: too faint on white).
    public static let palette: [Color] = [0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0x000000].map {
        Color(hex: $0)
    }
}
