import Core
import Engine
import Testing
@testable import Perception

@Suite struct TaskPropertyTests {
    @Test(arguments: PerceptionTask.allCases)
    func questionsHaveTheTasksShape(task: PerceptionTask) {
        for index in 0..<40 {
            let q = TaskGenerator.question(task, split: .train, index: index, seed: 3)
            #expect(q.task == task)
            #expect(q.images.count == task.imagesPerQuestion)
            #expect(q.options.count == task.optionCount)
            #expect(q.images.allSatisfy { $0.size == TaskGenerator.imageSize })
            #expect(q.images.allSatisfy { $0.pixels.allSatisfy { $0 >= 0 && $0 <= 1 && $0.isFinite } })
            #expect(!q.words.isEmpty && q.words.count + 1 <= ModelConfig.small.maxQuestionTokens)
            #expect(Set(q.options).count == q.options.count, "options repeat: \(q.options)")
        }
    }

    @Test(arguments: PerceptionTask.allCases)
    func generationIsAPureFunction(task: PerceptionTask) {
        for index in [0, 1, 977] {
            let a = TaskGenerator.question(task, split: .evaluation, index: index, seed: 11)
            let b = TaskGenerator.question(task, split: .evaluation, index: index, seed: 11)
            #expect(a.images == b.images && a.words == b.words && a.answer == b.answer && a.text == b.text)
        }
        let other = TaskGenerator.question(task, split: .evaluation, index: 0, seed: 12)
        #expect(other.images != TaskGenerator.question(task, split: .evaluation, index: 0, seed: 11).images)
    }

    /// No question (same images, words and answer) appears in both splits.
    @Test(arguments: PerceptionTask.allCases)
    func splitsAreDisjoint(task: PerceptionTask) {
        func key(_ q: Question) -> Int {
            var hasher = Hasher()
            hasher.combine(q.images)
            hasher.combine(q.words)
            hasher.combine(q.answer)
            return hasher.finalize()
        }
        let train = Set((0..<400).map { key(TaskGenerator.question(task, split: .train, index: $0, seed: 5)) })
        let evaluation = Set((0..<400).map { key(TaskGenerator.question(task, split: .evaluation, index: $0, seed: 5)) })
        #expect(train.count == 400 && evaluation.count == 400, "repeated questions within a split")
        #expect(train.isDisjoint(with: evaluation))
        // Same index, other split: other questions.
        #expect(TaskGenerator.question(task, split: .train, index: 7, seed: 5).images != TaskGenerator.question(task, split: .evaluation, index: 7, seed: 5).images)
    }

    /// Each answer letter within 3 points of uniform over 10,000 whole questions.
    @Test(arguments: PerceptionTask.allCases)
    func answerLettersAreBalanced(task: PerceptionTask) {
        var counts = [Int](repeating: 0, count: task.optionCount)
        for index in 0..<10_000 {
            let question = TaskGenerator.question(task, split: .train, index: index, seed: 0)
            counts[question.answer] += 1
            if index < 50 { #expect(question.answer == TaskGenerator.answer(task, split: .train, index: index, seed: 0)) }
        }
        for count in counts {
            #expect(abs(Double(count) / 10_000 - 1 / Double(task.optionCount)) <= 0.03, "\(task): \(counts)")
        }
    }

    @Test func batchesFeedTheEngine() throws {
        let questions = PerceptionTask.allCases.map { TaskGenerator.question($0, split: .train, index: 0, seed: 1) }
        let input = Tokenizer.batch(questions, config: .small)
        try input.validate(for: .small)
        #expect(input.imageCounts == PerceptionTask.allCases.map(\.imagesPerQuestion))
        #expect(input.optionCounts == PerceptionTask.allCases.map(\.optionCount))
        let model = try VisionLanguageModel(config: .small, seed: 1)
        #expect(try model.forward(input).predictions.count == 13)
        #expect(Word.vocabularySize <= ModelConfig.small.vocabularySize)
    }

    @Test func sheetsArePNG() {
        let questions = (0..<2).map { TaskGenerator.question(.counting, split: .evaluation, index: $0, seed: 0) }
        let png = QuestionSheet.png(questions)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(png.count > 10_000)
    }
}
