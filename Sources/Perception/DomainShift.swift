internal import Core

/// How the benchmark's images differ from the pretraining images: another camera, with lower
/// contrast, a warm colour cast and sensor noise, as a benchmark's photographs differ from a
/// model's pretraining data. A grid applies it to the questions it finetunes and evaluates on
/// (`benchmark_shift`), never to pretraining or rehearsed questions, so a finetune on one task
/// can also teach the model the benchmark's camera: transfer that every task of a grid shares.
///
/// Each channel value x becomes 0.5 + (1 - contrast) (x - 0.5) + cast (+1, 0, -1 for r, g, b)
/// + noise * N(0, 1), clamped to [0, 1]; the noise is a pure function of the question.
/// Without noise the change loses almost nothing (clamping only where the cast pushes a
/// channel past 0 or 1), so a model can learn to undo it.
public struct DomainShift: Hashable, Sendable {
    /// How much contrast is taken away: 0 keeps it, 0.8 leaves a fifth.
    public var contrast: Float
    /// Added to red and taken from blue.
    public var cast: Float
    /// The standard deviation of the added noise.
    public var noise: Float

    public init(contrast: Float, cast: Float, noise: Float) {
        precondition([contrast, cast, noise].allSatisfy { $0.isFinite && $0 >= 0 } && contrast < 1,
                     "a domain shift's contrast is in [0, 1), its cast and noise finite and not negative")
        self.contrast = contrast
        self.cast = cast
        self.noise = noise
    }

    public static let none = DomainShift(contrast: 0, cast: 0, noise: 0)

    public var isNone: Bool { self == .none }

    /// `image` as the benchmark's camera sees it; `random` gives the noise.
    func apply(to image: RGBImage, random: inout RandomSource) -> RGBImage {
        guard !isNone else { return image }
        let gain = 1 - contrast
        let offsets: [Float] = [cast, 0, -cast]
        var out = image
        for i in out.pixels.indices {
            let value = 0.5 + gain * (image.pixels[i] - 0.5) + offsets[i % 3] + (noise == 0 ? 0 : noise * random.normal())
            out.pixels[i] = min(max(value, 0), 1)
        }
        return out
    }
}
