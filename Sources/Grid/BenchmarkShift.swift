internal import Core
/// `benchmark_shift`: the benchmark's camera (`DomainShift` in Perception). The questions a
/// grid finetunes and evaluates on are seen through it, pretraining and rehearsed questions
/// are not: the models meet a benchmark whose images differ from their pretraining data, as
/// real VLMs meet BLINK. Keys left out are 0; all 0 is no shift (the same grid as no key).
public struct BenchmarkShift: Codable, Hashable, Sendable {
    /// Contrast taken away, 0 to 0.99 (`Hyperparameters.maxShiftContrast`): 0.8 leaves a fifth.
    public var contrast: Double
    /// Added to red and taken from blue, in [0, 0.5].
    public var cast: Double
    /// Standard deviation of pixel noise, in [0, 0.5].
    public var noise: Double

    public init(contrast: Double = 0, cast: Double = 0, noise: Double = 0) {
        self.contrast = contrast
        self.cast = cast
        self.noise = noise
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case contrast, cast, noise
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        contrast = try c.decodeIfPresent(Double.self, forKey: .contrast) ?? 0
        cast = try c.decodeIfPresent(Double.self, forKey: .cast) ?? 0
        noise = try c.decodeIfPresent(Double.self, forKey: .noise) ?? 0
    }

    public var isNone: Bool { contrast == 0 && cast == 0 && noise == 0 }

    /// "contrast 0.8, cast 0.1, noise 0"
    public var description: String { "contrast \(contrast), cast \(cast), noise \(noise)" }

    /// Checks the ranges; the error names the key and the accepted values.
    public func check() throws(GridError) {
        let (maxContrast, maxOther) = (Hyperparameters.maxShiftContrast, Hyperparameters.maxShiftCastOrNoise)
        guard contrast.isFinite, (0...maxContrast).contains(contrast) else {
            throw GridError("benchmark_shift.contrast is \(contrast); use the share of contrast taken away, 0 to \(maxContrast) (0.8 leaves a fifth)")
        }
        guard cast.isFinite, (0...maxOther).contains(cast) else { throw GridError("benchmark_shift.cast is \(cast); use 0 to \(maxOther) (0.1: a warm cast)") }
        guard noise.isFinite, (0...maxOther).contains(noise) else { throw GridError("benchmark_shift.noise is \(noise); use a standard deviation of 0 to \(maxOther)") }
    }
}
