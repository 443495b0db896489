/// A named, learnable tensor with its gradient.
///
/// Names are the keys of the safetensors checkpoint (`layers.0.attn.qkv.weight`). A frozen
/// parameter (a base weight during LoRA finetuning) gets no gradient and no update.
public final class Parameter {
    public let name: String
    public let value: Tensor
    public let gradient: Tensor
    public var trainable: Bool

    init(_ name: String, shape: [Int], trainable: Bool = true) {
        self.name = name
        self.value = Tensor(shape: shape)
        self.gradient = Tensor(shape: shape)
        self.trainable = trainable
    }

    var shape: [Int] { value.shape }
}
