/// A dense Float32 tensor on contiguous, row-major storage that it owns.
///
/// Tensors are allocated once (per model, per batch shape) and reused across steps; the hot
/// loops work on `pointer` directly. A tensor belongs to one thread at a time.
public final class Tensor {
    public let shape: [Int]
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    public init(shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    public convenience init(shape: [Int], values: [Float]) {
        self.init(shape: shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        pointer.update(from: values, count: count)
    }

    deinit {
        pointer.deallocate()
    }

    public var values: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    public subscript(index: Int) -> Float {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }

    public func zero() {
        pointer.update(repeating: 0, count: count)
    }

    public func copy(from other: Tensor) {
        precondition(other.count == count, "copy of \(other.shape) into \(shape)")
        pointer.update(from: other.pointer, count: count)
    }

    public func copy(from values: [Float]) {
        precondition(values.count == count, "copy of \(values.count) values into \(shape)")
        pointer.update(from: values, count: count)
    }
}
