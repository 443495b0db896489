internal import Glibc

/// Softmax cross-entropy over the valid option letters of each question.
enum AnswerLoss {
    /// Computes the mean loss and predictions, and writes dLoss/dLogits (zero for invalid options).
    static func evaluate(logits: UnsafePointer<Float>, options: Int, input: ModelInput,
                         gradient: UnsafeMutablePointer<Float>) -> ForwardResult {
        let batch = input.batchSize
        var loss: Float = 0
        var predictions: [Int] = []
        predictions.reserveCapacity(batch)
        for b in 0..<batch {
            let row = logits + b * options, grad = gradient + b * options
            let valid = input.optionCounts[b]
            var best = 0
            for o in 1..<valid where row[o] > row[best] { best = o }
            let maximum = row[best]
            var total: Float = 0
            for o in 0..<valid { total += expf(row[o] - maximum) }
            let answer = input.answers[b]
            loss += logf(total) - (row[answer] - maximum)
            for o in 0..<options {
                let p = o < valid ? expf(row[o] - maximum) / total : 0
                grad[o] = (p - (o == answer ? 1 : 0)) / Float(batch)
            }
            predictions.append(best)
        }
        return ForwardResult(
            loss: loss / Float(batch), predictions: predictions,
            correct: zip(predictions, input.answers).map { $0 == $1 },
            logits: Array(UnsafeBufferPointer(start: logits, count: batch * options)))
    }
}
