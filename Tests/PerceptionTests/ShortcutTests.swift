import Engine
import Testing
import Wire
@testable import Perception

/// A task must not be solvable from global image statistics: logistic regressions on each
/// image's mean colour, and on each image box-filtered to 4 x 4 pixels, stay within 8 points
/// of chance on held-out questions (600 questions: one standard error is about 2 points).
/// Chance counts the options a look at one image cannot rule out: the two correspondence
/// tasks show one option on a pebble, never right by design (their first foothold), so a probe
/// that spots it reaches 1 in 3, and the skill is what lifts a model above that.
@Suite struct ShortcutTests {
    static let visibleDecoys: [PerceptionTask: Int] = [.semanticCorrespondence: 1, .functionalCorrespondence: 1]

    @Test(arguments: PerceptionTask.allCases)
    func globalStatisticsStayNearChance(task: PerceptionTask) {
        let chance = 1 / Double(task.optionCount - (Self.visibleDecoys[task] ?? 0))
        for features in ShortcutProbe.Features.allCases {
            let accuracy = ShortcutProbe.accuracy(task, features: features, trainQuestions: 2000, evalQuestions: 600)
            #expect(accuracy <= chance + 0.08, "\(task) \(features): \(accuracy) against chance \(chance)")
        }
    }

    /// The probe is able to find a shortcut where one exists: a made-up task whose answer is
    /// the brightness of its image is solved from mean colours.
    @Test func probeFindsALeak() {
        var x: [[Float]] = [], y: [Int] = []
        var random = RandomSource(seed: 3)
        for _ in 0..<600 {
            let label = Int(random.next() % 2)
            let brightness = Float(label) * 0.3 + Float(random.next() % 1000) / 1000 * 0.5
            x.append([brightness, brightness, brightness])
            y.append(label)
        }
        var evalX = Array(x.suffix(200)), trainX = Array(x.prefix(400))
        ShortcutProbe.standardise(&trainX, &evalX)
        let w = ShortcutProbe.fit(trainX, Array(y.prefix(400)), classes: 2)
        let accuracy = Double(zip(evalX, y.suffix(200)).filter { ShortcutProbe.predict(w, $0.0) == $0.1 }.count) / 200
        #expect(accuracy > 0.7)
    }
}
