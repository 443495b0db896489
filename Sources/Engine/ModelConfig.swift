/// The shape of one model of the family: a small vision-language transformer.
///
/// Images (up to `maxImages` per question, `imageSize` square, RGB) become patch tokens; the
/// question becomes up to `maxQuestionTokens` tokens, the first of which is the answer (CLS)
/// token; pre-norm transformer blocks mix them all; the head scores each option (A-D) from the
/// final state of the question token that names it; only a question's valid options can win.
public struct ModelConfig: Hashable, Sendable, Codable {
    public var width: Int
    public var depth: Int
    public var heads: Int
    public var mlpRatio: Int = 4
    public var imageSize: Int = 32
    public var patchSize: Int = 8
    public var channels: Int = 3
    public var maxImages: Int = 4
    public var maxQuestionTokens: Int = 16
    public var vocabularySize: Int = 64
    public var options: Int = 4

    public init(width: Int, depth: Int, heads: Int) {
        self.width = width
        self.depth = depth
        self.heads = heads
    }

    /// The three sizes, standing in for the study's 3B / 7B / 32B models.
    public static let tiny = ModelConfig(width: 48, depth: 2, heads: 4)
    public static let small = ModelConfig(width: 64, depth: 2, heads: 4)
    public static let medium = ModelConfig(width: 128, depth: 4, heads: 4)
    public static let large = ModelConfig(width: 256, depth: 6, heads: 8)

    public var headDim: Int { width / heads }
    public var patchesPerImage: Int { (imageSize / patchSize) * (imageSize / patchSize) }
    public var patchDim: Int { patchSize * patchSize * channels }
    public var imageTokens: Int { maxImages * patchesPerImage }
    /// Tokens per example: every image slot, then the question slots.
    public var sequenceLength: Int { imageTokens + maxQuestionTokens }
    public var hidden: Int { width * mlpRatio }

    /// Checks that the shape is consistent; a programmer error otherwise.
    public func validate() throws(EngineError) {
        guard width > 0, depth > 0, heads > 0, width % heads == 0 else {
            throw EngineError(.invalidConfiguration, "width \(width) must be a positive multiple of heads \(heads), depth \(depth) positive")
        }
        guard patchSize > 0, imageSize % patchSize == 0 else {
            throw EngineError(.invalidConfiguration, "image size \(imageSize) must be a multiple of patch size \(patchSize)")
        }
        guard maxImages >= 1, maxQuestionTokens >= 1, vocabularySize >= 2, options >= 2 else {
            throw EngineError(.invalidConfiguration, "images \(maxImages), question tokens \(maxQuestionTokens), vocabulary \(vocabularySize) and options \(options) must be positive")
        }
    }

    /// Parameters of the base model (without adapters).
    public var parameterCount: Int {
        let embeddings = patchDim * width + width + patchesPerImage * width + maxImages * width
            + vocabularySize * width + maxQuestionTokens * width
        let block = 4 * width + (width * 3 * width + 3 * width) + (width * width + width)
            + (width * hidden + hidden) + (hidden * width + width)
        return embeddings + depth * block + 2 * width + width + 1
    }

    /// Parameters of one LoRA adapter set of rank `rank` (QKV, output, MLP up and down of every block).
    public func loraParameterCount(rank: Int) -> Int {
        depth * rank * ((width + 3 * width) + (width + width) + (width + hidden) + (hidden + width))
    }
}
