/// The part of the model's full token sequence one batch uses: as many image slots as its
/// questions have images at most, and its question slots up to the last word any of them has.
///
/// The slots past these are padding, masked out of every attention, so leaving them out of the
/// sequence changes no real token's result; it saves their cost, which for a batch of
/// one-image questions is most of the sequence (24 of 80 tokens for the small model).
public struct SequenceLayout: Hashable, Sendable {
    public let imageSlots: Int
    public let questionTokens: Int
    public let patchesPerImage: Int

    /// Image tokens (the sequence starts with them), then question tokens.
    public var imageTokens: Int { imageSlots * patchesPerImage }
    public var tokens: Int { imageTokens + questionTokens }

    /// Every slot of the model: the layout when shapes are not known.
    public static func full(_ config: ModelConfig) -> SequenceLayout {
        SequenceLayout(imageSlots: config.maxImages, questionTokens: config.maxQuestionTokens, patchesPerImage: config.patchesPerImage)
    }

    /// The smallest layout that holds every image and token of a valid `input`.
    public static func of(_ input: ModelInput, config: ModelConfig) -> SequenceLayout {
        let width = config.maxQuestionTokens
        var used = 1
        for b in 0..<input.batchSize {
            let row = input.tokens[(b * width)..<((b + 1) * width)]
            if let last = row.lastIndex(where: { $0 != 0 }) { used = max(used, last - b * width + 1) }
        }
        return SequenceLayout(imageSlots: input.imageCounts.max() ?? 1, questionTokens: used, patchesPerImage: config.patchesPerImage)
    }
}
