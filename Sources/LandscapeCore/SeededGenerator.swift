#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64: a small, fast generator whose
/// stream depends only on its seed, so every configuration is reproducible on any machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s = (sm.next(), sm.next(), sm.next(), sm.next())
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = Self.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = Self.rotl(s.3, 45)
        return result
    }

    /// A Double uniform in [0, 1) from the top 53 bits.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound without modulo bias (Lemire's method).
    @inlinable
    public mutating func nextIndex(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next(upperBound: UInt64(bound)))
    }

    /// A Gaussian sample (Box–Muller), for random directions.
    public mutating func nextGaussian() -> Double {
        var u = nextUnit()
        while u == 0 { u = nextUnit() }
        let v = nextUnit()
        return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
    }

    /// In-place Fisher–Yates with this generator's own index draw (stable across platforms,
    /// unlike `Array.shuffle(using:)`, whose algorithm the standard library may change).
    @inlinable
    public mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, nextIndex(below: i + 1))
        }
    }
}

/// SplitMix64: used to expand one seed into generator state and to mix seeds.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Derives a configuration's seed from the global seed and names that identify it
/// (dataset, h, N, purpose), never from the order in which configurations are scheduled.
public func derivedSeed(_ global: UInt64, _ parts: String...) -> UInt64 {
    // FNV-1a over the parts, separated by a byte that cannot occur in UTF-8 text.
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for part in parts {
        for byte in part.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hash = (hash ^ 0xFF) &* 0x0000_0100_0000_01B3
    }
    var mix = SplitMix64(state: global ^ hash)
    return mix.next()
}

#if canImport(Glibc)
@inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
@inline(__always) func _log(_ x: Double) -> Double { Darwin.log(x) }
@inline(__always) func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
