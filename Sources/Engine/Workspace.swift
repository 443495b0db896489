/// Every buffer one forward and backward pass needs, for one model and up to `capacity`
/// examples of the full sequence: allocated once and reused by every batch that fits, whatever
/// its size and layout (a batch uses the front of each buffer).
final class Workspace {
    let capacity: Int
    /// Patch pixels of every image slot: (batch * maxImages * patchesPerImage) x patchDim.
    let patches: Tensor
    /// Patch projections, same rows, x width.
    let patchEmbeddings: Tensor
    /// 1 for a real token, 0 for padding: batch x sequenceLength.
    let keyMask: Tensor
    /// The residual stream before each block and after the last: depth + 1 of (rows x width).
    let stream: [Tensor]
    let blocks: [BlockActivations]
    /// The option rows after the last block (batch x options), their normalisation and
    /// statistics, and the logits (batch x options).
    let option, optionNormed, optionMean, optionRstd, logits: Tensor
    // Gradients.
    let scratch: GradientScratch
    let streamGradient: [Tensor]
    let optionGradient, optionNormedGradient, logitsGradient, patchEmbeddingsGradient: Tensor

    init(config: ModelConfig, capacity batch: Int) {
        let (t, d) = (config.sequenceLength, config.width)
        capacity = batch
        let patchRows = batch * config.imageTokens
        patches = Tensor(shape: [patchRows, config.patchDim])
        patchEmbeddings = Tensor(shape: [patchRows, d])
        keyMask = Tensor(shape: [batch, t])
        stream = (0...config.depth).map { _ in Tensor(shape: [batch * t, d]) }
        blocks = (0..<config.depth).map { _ in BlockActivations(config: config, batch: batch) }
        let optionRows = batch * config.options
        option = Tensor(shape: [optionRows, d])
        optionNormed = Tensor(shape: [optionRows, d])
        optionMean = Tensor(shape: [optionRows])
        optionRstd = Tensor(shape: [optionRows])
        logits = Tensor(shape: [batch, config.options])
        scratch = GradientScratch(config: config, batch: batch)
        streamGradient = [Tensor(shape: [batch * t, d]), Tensor(shape: [batch * t, d])]
        optionGradient = Tensor(shape: [optionRows, d])
        optionNormedGradient = Tensor(shape: [optionRows, d])
        logitsGradient = Tensor(shape: [batch, config.options])
        patchEmbeddingsGradient = Tensor(shape: [patchRows, d])
    }
}
