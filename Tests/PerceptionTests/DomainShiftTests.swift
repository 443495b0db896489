import Core
import Testing
@testable import Perception

@Suite struct DomainShiftTests {
    let camera = DomainShift(contrast: 0.8, cast: 0.1, noise: 0)

    @Test(arguments: PerceptionTask.allCases)
    func noShiftIsTheQuestionItselfAndAShiftChangesOnlyItsImages(task: PerceptionTask) {
        for index in 0..<4 {
            let plain = TaskGenerator.question(task, split: .evaluation, index: index, seed: 5)
            let unshifted = TaskGenerator.question(task, split: .evaluation, index: index, seed: 5, shift: .none)
            #expect(unshifted.images == plain.images)
            let shifted = TaskGenerator.question(task, split: .evaluation, index: index, seed: 5, shift: camera)
            #expect(shifted.words == plain.words && shifted.answer == plain.answer && shifted.options == plain.options)
            #expect(shifted.images != plain.images)
            #expect(shifted.images.allSatisfy { $0.pixels.allSatisfy { $0 >= 0 && $0 <= 1 } })
        }
    }

    @Test func withoutNoiseTheShiftIsTheAffineMapClampedAndUndoable() {
        let plain = TaskGenerator.question(.relativeDepth, split: .train, index: 7, seed: 1)
        let shifted = TaskGenerator.question(.relativeDepth, split: .train, index: 7, seed: 1, shift: camera)
        let gain: Float = 1 - 0.8, offsets: [Float] = [0.1, 0, -0.1]
        var inverted = 0
        for (before, after) in zip(plain.images, shifted.images) {
            for i in before.pixels.indices {
                let expected = min(max(0.5 + gain * (before.pixels[i] - 0.5) + offsets[i % 3], 0), 1)
                #expect(after.pixels[i] == expected)
                // Inside [0, 1] nothing is lost: the map inverts to within float rounding.
                if after.pixels[i] > 0, after.pixels[i] < 1 {
                    #expect(abs((after.pixels[i] - offsets[i % 3] - 0.5) / gain + 0.5 - before.pixels[i]) < 1e-5)
                    inverted += 1
                }
            }
        }
        #expect(inverted == plain.images.count * 32 * 32 * 3, "a contrast of a fifth with a 0.1 cast stays inside [0, 1]")
    }

    @Test func noiseIsAPureFunctionOfTheQuestion() {
        let noisy = DomainShift(contrast: 0, cast: 0, noise: 0.1)
        let a = TaskGenerator.question(.counting, split: .evaluation, index: 3, seed: 2, shift: noisy)
        let again = TaskGenerator.question(.counting, split: .evaluation, index: 3, seed: 2, shift: noisy)
        #expect(a.images == again.images)
        let plain = TaskGenerator.question(.counting, split: .evaluation, index: 3, seed: 2)
        let residual = zip(a.images[0].pixels, plain.images[0].pixels).map { $0 - $1 }
        let mean = residual.reduce(0, +) / Float(residual.count)
        let sd = (residual.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(residual.count)).squareRoot()
        #expect(abs(mean) < 0.02 && sd > 0.06 && sd < 0.11, "noise mean \(mean), sd \(sd) (clamping trims it below 0.1)")
        // Another question gets other noise.
        let other = TaskGenerator.question(.counting, split: .evaluation, index: 4, seed: 2, shift: noisy)
        let otherPlain = TaskGenerator.question(.counting, split: .evaluation, index: 4, seed: 2)
        let otherResidual = zip(other.images[0].pixels, otherPlain.images[0].pixels).map { $0 - $1 }
        #expect(otherResidual != residual)
    }
}
