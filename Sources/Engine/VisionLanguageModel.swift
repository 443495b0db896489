internal import Core
internal import Glibc

/// The model family: patch and token embeddings, pre-norm transformer blocks, and an answer
/// head that scores each option from the final state of the option's own token (a colour word
/// naming a marker, a number, "left"): logit_k = w . LN(h[option token k]) + b. Scoring options
/// where they are named lets one attention hop bind a word to what it names. Forward and backward are written out by hand over BLAS GEMMs and
/// vectorised loops, into buffers allocated once per batch size.
public final class VisionLanguageModel {
    public let config: ModelConfig
    let patch: Linear
    let patchPosition: Parameter
    let imageIndex: Parameter
    let tokenEmbedding: Parameter
    let tokenPosition: Parameter
    let blocks: [TransformerBlock]
    let finalNorm: LayerNorm
    let head: Linear
    private var workspace: Workspace?
    /// The last forward's batch, layout and attention shape, which backward works on.
    private var last: (input: ModelInput, layout: SequenceLayout, attention: Attention)?

    /// A model with freshly initialised weights: the same seed gives the same bits.
    public init(config: ModelConfig, seed: UInt64) throws(EngineError) {
        try config.validate()
        self.config = config
        let d = config.width
        patch = Linear("patch", inFeatures: config.patchDim, outFeatures: d)
        patchPosition = Parameter("patch_position", shape: [config.patchesPerImage, d])
        imageIndex = Parameter("image_index", shape: [config.maxImages, d])
        tokenEmbedding = Parameter("token_embedding", shape: [config.vocabularySize, d])
        tokenPosition = Parameter("token_position", shape: [config.maxQuestionTokens, d])
        blocks = (0..<config.depth).map { TransformerBlock(index: $0, config: config) }
        finalNorm = LayerNorm("final_ln", width: d)
        head = Linear("head", inFeatures: d, outFeatures: 1)

        var random = RandomSource(seed: seed)
        let std: Float = 0.02
        patch.initialize(random: &random, std: 1 / Float(config.patchDim).squareRoot())
        // Embeddings start large (0.5) next to the patch projections: with 0.02, as in GPT-2,
        // the small model could not find where a patch is within 400 steps (the same in PyTorch).
        for embedding in [patchPosition, imageIndex, tokenEmbedding, tokenPosition] {
            random.fillNormal(embedding.value, std: 0.5)
        }
        // Projections start at 1/sqrt(fan-in): with GPT-2's 0.02 (tuned for width 768) a
        // width-64 model's attention starts flat and the gradients that would sharpen it are
        // proportional to those same small weights, so matching one patch to another (the
        // heart of most tasks) took thousands of steps to get going, or never did.
        let inStd = 1 / Float(d).squareRoot(), hiddenStd = 1 / Float(config.hidden).squareRoot()
        let residualScale = 1 / Float(2 * config.depth).squareRoot()
        for block in blocks {
            block.qkv.initialize(random: &random, std: inStd)
            block.out.initialize(random: &random, std: inStd * residualScale)
            block.up.initialize(random: &random, std: inStd)
            block.down.initialize(random: &random, std: hiddenStd * residualScale)
        }
        head.initialize(random: &random, std: std)
    }

    // MARK: Parameters

    /// Every base parameter, in a fixed order (the checkpoint's).
    public var baseParameters: [Parameter] {
        patch.parameters + [patchPosition, imageIndex, tokenEmbedding, tokenPosition]
            + blocks.flatMap(\.parameters) + finalNorm.parameters + head.parameters
    }

    /// The LoRA adapters' parameters, empty without adapters.
    public var adapterParameters: [Parameter] {
        blocks.flatMap { $0.adaptedLayers.compactMap(\.lora).flatMap(\.parameters) }
    }

    public var trainableParameters: [Parameter] {
        (baseParameters + adapterParameters).filter(\.trainable)
    }

    public var hasAdapters: Bool { blocks.first?.qkv.lora != nil }

    /// Adds fresh LoRA adapters (B = 0, so the model's outputs do not change) on every
    /// attention and MLP projection, and freezes every base parameter.
    public func addAdapters(rank: Int = 8, alpha: Float = 16, seed: UInt64) {
        precondition(rank >= 1, "LoRA rank must be at least 1, got \(rank)")
        var random = RandomSource(seed: seed)
        for block in blocks {
            for layer in block.adaptedLayers {
                let lora = LoRA(layer.weight.name.replacingSuffix(".weight"), inFeatures: layer.inFeatures,
                                outFeatures: layer.outFeatures, rank: rank, alpha: alpha)
                lora.initialize(random: &random)
                layer.lora = lora
            }
        }
        for parameter in baseParameters { parameter.trainable = false }
    }

    /// Drops the adapters and makes every base parameter trainable again.
    public func removeAdapters() {
        for block in blocks { for layer in block.adaptedLayers { layer.lora = nil } }
        for parameter in baseParameters { parameter.trainable = true }
    }

    public func zeroGradients() {
        for parameter in trainableParameters { parameter.gradient.zero() }
    }

    private func workspace(batch: Int) -> Workspace {
        if let workspace, workspace.capacity >= batch { return workspace }
        workspace = nil  // frees the old buffers before the larger ones are allocated
        let fresh = Workspace(config: config, capacity: batch)
        workspace = fresh
        return fresh
    }

    // MARK: Forward

    /// Scores a batch: the mean cross-entropy over the valid options and each question's
    /// predicted option. Keeps what `backward()` needs. The sequence holds only the image and
    /// question slots the batch uses (`SequenceLayout`).
    @discardableResult
    public func forward(_ input: ModelInput) throws(EngineError) -> ForwardResult {
        try input.validate(for: config)
        let ws = workspace(batch: input.batchSize)
        let layout = SequenceLayout.of(input, config: config)
        let attention = Attention(batch: input.batchSize, tokens: layout.tokens, width: config.width, heads: config.heads)
        last = (input, layout, attention)
        embed(input, layout, ws)
        for (index, block) in blocks.enumerated() {
            block.forward(ws.stream[index].pointer, ws.stream[index + 1].pointer, saved: ws.blocks[index],
                          attention: attention, keyMask: ws.keyMask.pointer)
        }
        let rows = input.batchSize * config.options
        let final = ws.stream[config.depth].pointer
        for (k, row) in optionRows(input, layout).enumerated() {
            (ws.option.pointer + k * config.width).update(from: final + row * config.width, count: config.width)
        }
        finalNorm.forward(ws.option.pointer, ws.optionNormed.pointer, rows: rows, mean: ws.optionMean.pointer, rstd: ws.optionRstd.pointer)
        head.forward(ws.optionNormed.pointer, rows: rows, ws.logits.pointer)
        return AnswerLoss.evaluate(logits: ws.logits.pointer, options: config.options, input: input,
                                   gradient: ws.logitsGradient.pointer)
    }

    /// The stream row of each (example, option): the option's token; options past a question's
    /// count read its answer token (their logits are masked).
    private func optionRows(_ input: ModelInput, _ layout: SequenceLayout) -> [Int] {
        let c = config
        return (0..<(input.batchSize * c.options)).map { k in
            let (b, option) = (k / c.options, k % c.options)
            let slot = option < input.optionCounts[b] ? input.optionPositions[k] : 0
            return b * layout.tokens + layout.imageTokens + slot
        }
    }

    private func embed(_ input: ModelInput, _ layout: SequenceLayout, _ ws: Workspace) {
        let c = config
        let (t, d, perImage, imageTokens) = (layout.tokens, c.width, c.patchesPerImage, layout.imageTokens)
        Patchify.patches(of: input.images, config: c, batch: input.batchSize, slots: layout.imageSlots, into: ws.patches.pointer)
        patch.forward(ws.patches.pointer, rows: input.batchSize * imageTokens, ws.patchEmbeddings.pointer)
        let x = ws.stream[0].pointer, mask = ws.keyMask.pointer
        for b in 0..<input.batchSize {
            for slot in 0..<imageTokens {
                let (image, position) = (slot / perImage, slot % perImage)
                let row = x + (b * t + slot) * d
                row.update(from: ws.patchEmbeddings.pointer + (b * imageTokens + slot) * d, count: d)
                Vector.add(patchPosition.value.pointer + position * d, into: row, count: d)
                Vector.add(imageIndex.value.pointer + image * d, into: row, count: d)
                mask[b * t + slot] = image < input.imageCounts[b] ? 1 : 0
            }
            for j in 0..<layout.questionTokens {
                let token = Int(input.tokens[b * c.maxQuestionTokens + j])
                let row = x + (b * t + imageTokens + j) * d
                row.update(from: tokenEmbedding.value.pointer + token * d, count: d)
                Vector.add(tokenPosition.value.pointer + j * d, into: row, count: d)
                mask[b * t + imageTokens + j] = token != 0 ? 1 : 0
            }
        }
    }

    // MARK: Backward

    /// Accumulates dLoss/dParameter into the gradients of the trainable parameters, for the
    /// batch of the last `forward`, with the loss multiplied by `scale` (a batch's share when
    /// one step's batch is split by layout).
    public func backward(scale: Float = 1) {
        guard let (input, layout, attention) = last, let ws = workspace, ws.capacity >= input.batchSize else {
            preconditionFailure("backward() needs a forward() first")
        }
        let c = config
        let rows = input.batchSize * c.options
        if scale != 1 { Vector.scale(ws.logitsGradient.pointer, by: scale, count: rows) }
        head.backward(ws.optionNormed.pointer, ws.logitsGradient.pointer, rows: rows, dx: ws.optionNormedGradient.pointer)
        ws.optionGradient.zero()
        finalNorm.backward(ws.option.pointer, ws.optionNormedGradient.pointer, accumulateInto: ws.optionGradient.pointer,
                           rows: rows, mean: ws.optionMean.pointer, rstd: ws.optionRstd.pointer)
        var dy = ws.streamGradient[0], dx = ws.streamGradient[1]
        dy.zero()
        for (k, row) in optionRows(input, layout).enumerated() {
            Vector.add(ws.optionGradient.pointer + k * c.width, into: dy.pointer + row * c.width, count: c.width)
        }
        for index in blocks.indices.reversed() {
            blocks[index].backward(ws.stream[index].pointer, dy.pointer, dx.pointer, saved: ws.blocks[index],
                                   scratch: ws.scratch, attention: attention)
            swap(&dy, &dx)
        }
        embedBackward(input, layout, ws, dy.pointer)
    }

    private func embedBackward(_ input: ModelInput, _ layout: SequenceLayout, _ ws: Workspace, _ dx: UnsafePointer<Float>) {
        let c = config
        let (t, d, perImage, imageTokens) = (layout.tokens, c.width, c.patchesPerImage, layout.imageTokens)
        guard patch.weight.trainable || tokenEmbedding.trainable else { return }
        let dPatch = ws.patchEmbeddingsGradient.pointer
        for b in 0..<input.batchSize {
            for slot in 0..<imageTokens {
                let row = dx + (b * t + slot) * d
                (dPatch + (b * imageTokens + slot) * d).update(from: row, count: d)
                Vector.add(row, into: patchPosition.gradient.pointer + (slot % perImage) * d, count: d)
                Vector.add(row, into: imageIndex.gradient.pointer + (slot / perImage) * d, count: d)
            }
            for j in 0..<layout.questionTokens {
                let token = Int(input.tokens[b * c.maxQuestionTokens + j])
                let row = dx + (b * t + imageTokens + j) * d
                Vector.add(row, into: tokenEmbedding.gradient.pointer + token * d, count: d)
                Vector.add(row, into: tokenPosition.gradient.pointer + j * d, count: d)
            }
        }
        patch.backward(ws.patches.pointer, dPatch, rows: input.batchSize * imageTokens, dx: nil)
    }

    // MARK: Cost

    /// Floating-point operations of one forward pass over `batch` examples (GEMMs only), of
    /// the full sequence unless a `layout` is given.
    public func forwardFlops(batch: Int, layout: SequenceLayout? = nil) -> Double {
        let layout = layout ?? .full(config)
        let rows = batch * layout.tokens
        let attention = Attention(batch: batch, tokens: layout.tokens, width: config.width, heads: config.heads)
        return patch.forwardFlops(rows: batch * layout.imageTokens)
            + blocks.reduce(0) { $0 + $1.forwardFlops(rows: rows, attention: attention) }
            + head.forwardFlops(rows: batch * config.options)
    }

    /// Floating-point operations of one training step (forward and backward, GEMMs only), as
    /// the model is now: with adapters, frozen weights cost no dW product.
    public func trainingStepFlops(batch: Int, layout: SequenceLayout? = nil) -> Double {
        let layout = layout ?? .full(config)
        let rows = batch * layout.tokens
        let attention = Attention(batch: batch, tokens: layout.tokens, width: config.width, heads: config.heads)
        func backward(_ layer: Linear, rows: Int, needsInputGradient: Bool) -> Double {
            let product = GEMM.flops(m: rows, n: layer.outFeatures, k: layer.inFeatures)
            return (needsInputGradient ? product : 0) + (layer.weight.trainable ? product : 0)
                + 2 * (layer.lora?.forwardFlops(rows: rows) ?? 0)
        }
        var total = forwardFlops(batch: batch, layout: layout)
        total += backward(patch, rows: batch * layout.imageTokens, needsInputGradient: false)
        total += backward(head, rows: batch * config.options, needsInputGradient: true)
        for block in blocks {
            total += block.adaptedLayers.reduce(0) { $0 + backward($1, rows: rows, needsInputGradient: true) }
            total += 2 * attention.forwardFlops
        }
        return total
    }
}

extension String {
    func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
