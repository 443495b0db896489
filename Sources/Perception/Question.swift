public import Core
/// One multiple-choice question of a task: its images, its words, and the right option.
public struct Question: Sendable {
    public let task: PerceptionTask
    /// `task.imagesPerQuestion` images of `TaskGenerator.imageSize` pixels.
    public let images: [RGBImage]
    /// The question's words (the answer token is added by the tokenizer).
    public let words: [Word]
    /// For each option, the index in `words` of the word that names it (its marker's colour, a
    /// number, "left"): the model scores each option at that word.
    public let optionWords: [Int]
    /// The question for people: what is asked.
    public let prompt: String
    /// One description per option, A first.
    public let options: [String]
    /// The right option's index (0 is A).
    public let answer: Int

    public init(task: PerceptionTask, images: [RGBImage], words: [Word], optionWords: [Int], prompt: String, options: [String], answer: Int) {
        precondition(images.count == task.imagesPerQuestion, "\(task): \(images.count) images, expected \(task.imagesPerQuestion)")
        precondition(options.count == task.optionCount, "\(task): \(options.count) options, expected \(task.optionCount)")
        precondition(options.indices.contains(answer), "\(task): answer \(answer) out of range")
        precondition(optionWords.count == options.count && optionWords.allSatisfy(words.indices.contains)
                     && Set(optionWords).count == optionWords.count, "\(task): option words \(optionWords) do not fit \(words)")
        self.task = task
        self.images = images
        self.words = words
        self.optionWords = optionWords
        self.prompt = prompt
        self.options = options
        self.answer = answer
    }

    /// The same question over other images (of the same count and size).
    func with(images: [RGBImage]) -> Question {
        Question(task: task, images: images, words: words, optionWords: optionWords, prompt: prompt, options: options, answer: answer)
    }

    public static let letters = ["A", "B", "C", "D"]

    /// The same question with another option marked right: the format control's training
    /// data, whose answers carry no information about the images.
    public func relabelled(_ answer: Int) -> Question {
        Question(task: task, images: images, words: words, optionWords: optionWords, prompt: prompt, options: options, answer: answer)
    }

    public var answerLetter: String { Self.letters[answer] }

    /// "Which point is closer to the camera? (A) red (B) blue"
    public var text: String {
        prompt + " " + options.enumerated().map { "(\(Self.letters[$0.offset])) \($0.element)" }.joined(separator: " ")
    }
}

/// Which questions a split draws: train and evaluation never share one.
public enum Split: Int, Sendable, CaseIterable, CustomStringConvertible {
    case train = 1
    case evaluation = 2

    public var description: String { self == .train ? "train" : "evaluation" }
}
