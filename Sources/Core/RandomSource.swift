internal import Glibc

/// The deterministic random numbers of every job: SplitMix64, with Box-Muller normals.
///
/// Weight initialisation, training order and the task generators use only this, seeded from the
/// job, so the same seed gives the same bits on every machine of one type.
public struct RandomSource: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    @inlinable public init(seed: UInt64) { state = seed }

    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 24 random bits.
    @inlinable public mutating func uniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Standard normal (Box-Muller, one of the pair).
    public mutating func normal() -> Float {
        let u1 = max(uniform(), 0x1p-24)
        let u2 = uniform()
        return (-2 * logf(u1)).squareRoot() * cosf(2 * .pi * u2)
    }
}
