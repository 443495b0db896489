/// Cuts images into patch rows: each patch becomes one row of patchSize x patchSize x channels
/// floats, in (row, column, channel) order; patches run row by row over the image.
enum Patchify {
    /// The patches of the first `slots` image slots of each of `batch` examples (whose images
    /// fill `config.maxImages` slots each), example by example.
    static func patches(of images: [Float], config c: ModelConfig, batch: Int, slots: Int, into out: UnsafeMutablePointer<Float>) {
        let (size, p, ch) = (c.imageSize, c.patchSize, c.channels)
        let perSide = size / p
        images.withUnsafeBufferPointer { source in
            guard let pixels = source.baseAddress else { return }
            var row = out
            for image in (0..<batch).flatMap({ b in (0..<slots).map { b * c.maxImages + $0 } }) {
                let base = pixels + image * size * size * ch
                for py in 0..<perSide {
                    for px in 0..<perSide {
                        for dy in 0..<p {
                            let line = base + ((py * p + dy) * size + px * p) * ch
                            (row + dy * p * ch).update(from: line, count: p * ch)
                        }
                        row += c.patchDim
                    }
                }
            }
        }
    }
}
