internal import Core

extension RandomSource {
    /// Fills `tensor` with normals of standard deviation `std`.
    package mutating func fillNormal(_ tensor: Tensor, std: Float) {
        for i in 0..<tensor.count { tensor[i] = normal() * std }
    }
}
