public import Core
internal import Glibc

/// The shortcut check: a trivial model that sees only global image statistics, fit to the
/// answer letters. If it beats chance clearly, the task leaks its answer through something
/// other than the skill it names.
public enum ShortcutProbe {
    public enum Features: String, CaseIterable, Sendable {
        /// The mean colour of each image: 3 numbers per image.
        case meanColour
        /// Each image box-filtered to 4 x 4 pixels: 48 numbers per image.
        case pixels4x4
    }

    /// Held-out accuracy of a multinomial logistic regression (Adam, L2 1e-3) from `features`
    /// of `trainQuestions` questions to their answers, on `evalQuestions` others, of the task's
    /// generator `version`.
    public static func accuracy(_ task: PerceptionTask, features: Features, trainQuestions: Int = 3000,
                                evalQuestions: Int = 1000, seed: UInt64 = 0, version: Int = 1) -> Double {
        func data(_ split: Split, _ count: Int) -> ([[Float]], [Int]) {
            let questions = (0..<count).map { TaskGenerator.question(task, split: split, index: $0, seed: seed, version: version) }
            return (questions.map { extract($0, features) }, questions.map(\.answer))
        }
        var (trainX, trainY) = data(.train, trainQuestions)
        var (evalX, evalY) = data(.evaluation, evalQuestions)
        standardise(&trainX, &evalX)
        let weights = fit(trainX, trainY, classes: task.optionCount)
        let correct = zip(evalX, evalY).filter { predict(weights, $0.0) == $0.1 }.count
        return Double(correct) / Double(evalQuestions)
    }

    static func extract(_ q: Question, _ features: Features) -> [Float] {
        q.images.flatMap { image -> [Float] in
            switch features {
            case .meanColour:
                let c = image.meanColour
                return [c.r, c.g, c.b]
            case .pixels4x4:
                return image.downsampled(by: image.size / 4).pixels
            }
        }
    }

    static func standardise(_ train: inout [[Float]], _ other: inout [[Float]]) {
        guard let width = train.first?.count else { return }
        for j in 0..<width {
            let column = train.map { $0[j] }
            let mean = column.reduce(0, +) / Float(column.count)
            let std = max((column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(column.count)).squareRoot(), 1e-6)
            for i in train.indices { train[i][j] = (train[i][j] - mean) / std }
            for i in other.indices { other[i][j] = (other[i][j] - mean) / std }
        }
    }

    /// Weights: classes x (features + 1), bias last.
    static func fit(_ x: [[Float]], _ y: [Int], classes: Int, iterations: Int = 300) -> [[Float]] {
        let width = (x.first?.count ?? 0) + 1
        var w = [[Float]](repeating: [Float](repeating: 0, count: width), count: classes)
        var m = w, v = w
        let (rate, b1, b2, l2): (Float, Float, Float, Float) = (0.05, 0.9, 0.999, 1e-3)
        for t in 1...iterations {
            var gradient = [[Float]](repeating: [Float](repeating: 0, count: width), count: classes)
            for (features, label) in zip(x, y) {
                let p = probabilities(w, features)
                for k in 0..<classes {
                    let g = p[k] - (k == label ? 1 : 0)
                    for j in 0..<(width - 1) { gradient[k][j] += g * features[j] }
                    gradient[k][width - 1] += g
                }
            }
            for k in 0..<classes {
                for j in 0..<width {
                    let g = gradient[k][j] / Float(x.count) + l2 * w[k][j]
                    m[k][j] = b1 * m[k][j] + (1 - b1) * g
                    v[k][j] = b2 * v[k][j] + (1 - b2) * g * g
                    let mHat = m[k][j] / (1 - powf(b1, Float(t))), vHat = v[k][j] / (1 - powf(b2, Float(t)))
                    w[k][j] -= rate * mHat / (vHat.squareRoot() + 1e-8)
                }
            }
        }
        return w
    }

    static func probabilities(_ w: [[Float]], _ x: [Float]) -> [Float] {
        let scores = w.map { row in zip(row, x).reduce(row.last ?? 0) { $0 + $1.0 * $1.1 } }
        let top = scores.max() ?? 0
        let e = scores.map { expf($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    static func predict(_ w: [[Float]], _ x: [Float]) -> Int {
        let p = probabilities(w, x)
        return p.indices.max { p[$0] < p[$1] } ?? 0
    }
}
