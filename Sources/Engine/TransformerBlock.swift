/// One pre-norm transformer block: x + Attn(LN1(x)), then + MLP(LN2(.)) with GELU.
final class TransformerBlock {
    let norm1: LayerNorm
    let qkv: Linear
    let out: Linear
    let norm2: LayerNorm
    let up: Linear
    let down: Linear

    init(index: Int, config: ModelConfig) {
        let name = "layers.\(index)"
        let (d, hidden) = (config.width, config.hidden)
        norm1 = LayerNorm("\(name).ln1", width: d)
        qkv = Linear("\(name).attn.qkv", inFeatures: d, outFeatures: 3 * d)
        out = Linear("\(name).attn.out", inFeatures: d, outFeatures: d)
        norm2 = LayerNorm("\(name).ln2", width: d)
        up = Linear("\(name).mlp.up", inFeatures: d, outFeatures: hidden)
        down = Linear("\(name).mlp.down", inFeatures: hidden, outFeatures: d)
    }

    var parameters: [Parameter] {
        norm1.parameters + qkv.parameters + out.parameters + norm2.parameters + up.parameters + down.parameters
    }

    /// The projections LoRA adapts: attention QKV and output, MLP up and down.
    var adaptedLayers: [Linear] { [qkv, out, up, down] }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, saved s: BlockActivations,
                 attention: Attention, keyMask: UnsafePointer<Float>) {
        let rows = attention.batch * attention.tokens
        let n = rows * norm1.width
        norm1.forward(x, s.h1.pointer, rows: rows, mean: s.mean1.pointer, rstd: s.rstd1.pointer)
        qkv.forward(s.h1.pointer, rows: rows, s.qkv.pointer)
        attention.forward(qkv: s.qkv.pointer, keyMask: keyMask, probabilities: s.probabilities.pointer, output: s.context.pointer)
        out.forward(s.context.pointer, rows: rows, s.mid.pointer)
        Vector.add(x, into: s.mid.pointer, count: n)
        norm2.forward(s.mid.pointer, s.h2.pointer, rows: rows, mean: s.mean2.pointer, rstd: s.rstd2.pointer)
        up.forward(s.h2.pointer, rows: rows, s.upOutput.pointer)
        GELU.forward(s.upOutput.pointer, s.activated.pointer, count: rows * up.outFeatures)
        down.forward(s.activated.pointer, rows: rows, y)
        Vector.add(s.mid.pointer, into: y, count: n)
    }

    /// From dL/dy, writes dL/dx. `g` holds the shared gradient scratch buffers.
    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                  saved s: BlockActivations, scratch g: GradientScratch, attention: Attention) {
        let rows = attention.batch * attention.tokens
        let n = rows * norm1.width
        // y = mid + down(gelu(up(LN2(mid))))
        down.backward(s.activated.pointer, dy, rows: rows, dx: g.hidden.pointer)
        GELU.backward(s.upOutput.pointer, g.hidden.pointer, g.hidden.pointer, count: rows * up.outFeatures)
        up.backward(s.h2.pointer, g.hidden.pointer, rows: rows, dx: g.normed.pointer)
        let dMid = g.mid.pointer
        dMid.update(from: dy, count: n)
        norm2.backward(s.mid.pointer, g.normed.pointer, accumulateInto: dMid, rows: rows, mean: s.mean2.pointer, rstd: s.rstd2.pointer)
        // mid = x + out(attn(qkv(LN1(x))))
        out.backward(s.context.pointer, dMid, rows: rows, dx: g.context.pointer)
        attention.backward(qkv: s.qkv.pointer, probabilities: s.probabilities.pointer, outputGradient: g.context.pointer,
                           qkvGradient: g.qkv.pointer, scratch: g.attention.pointer)
        qkv.backward(s.h1.pointer, g.qkv.pointer, rows: rows, dx: g.normed.pointer)
        dx.update(from: dMid, count: n)
        norm1.backward(x, g.normed.pointer, accumulateInto: dx, rows: rows, mean: s.mean1.pointer, rstd: s.rstd1.pointer)
    }

    func forwardFlops(rows: Int, attention: Attention) -> Double {
        adaptedLayers.reduce(0) { $0 + $1.forwardFlops(rows: rows) } + attention.forwardFlops
    }
}

/// What one block keeps from forward for backward, for up to `batch` examples of the full sequence.
final class BlockActivations {
    let h1, qkv, probabilities, context, mid, h2, upOutput, activated: Tensor
    let mean1, rstd1, mean2, rstd2: Tensor

    init(config: ModelConfig, batch: Int) {
        let (t, d) = (config.sequenceLength, config.width)
        let rows = batch * t
        h1 = Tensor(shape: [rows, d])
        qkv = Tensor(shape: [rows, 3 * d])
        probabilities = Tensor(shape: [batch, config.heads, t, t])
        context = Tensor(shape: [rows, d])
        mid = Tensor(shape: [rows, d])
        h2 = Tensor(shape: [rows, d])
        upOutput = Tensor(shape: [rows, config.hidden])
        activated = Tensor(shape: [rows, config.hidden])
        mean1 = Tensor(shape: [rows])
        rstd1 = Tensor(shape: [rows])
        mean2 = Tensor(shape: [rows])
        rstd2 = Tensor(shape: [rows])
    }
}

/// Gradient buffers shared by all blocks (used one block at a time), for up to `batch` examples.
final class GradientScratch {
    let hidden, normed, mid, context, qkv, attention: Tensor

    init(config: ModelConfig, batch: Int) {
        let (t, d) = (config.sequenceLength, config.width)
        let rows = batch * t
        hidden = Tensor(shape: [rows, config.hidden])
        normed = Tensor(shape: [rows, d])
        mid = Tensor(shape: [rows, d])
        context = Tensor(shape: [rows, d])
        qkv = Tensor(shape: [rows, 3 * d])
        attention = Tensor(shape: [t, t])
    }
}
