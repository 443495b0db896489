internal import Core
/// A PNG sheet of questions for people to look at: per question, its images enlarged, the
/// question, its options and the right answer.
public enum QuestionSheet {
    static let scale = 3
    static let gap = 6

    public static func png(_ questions: [Question]) -> [UInt8] {
        let imageSide = TaskGenerator.imageSize * scale
        let width = gap + 4 * (imageSide + gap)
        let columns = (width - 2 * gap) / BitmapFont.advance
        let blocks = questions.map { question in
            (question, BitmapFont.wrap("\(question.task.name.replacingUnderscores) - " + question.text, columns: columns)
                + ["ANSWER: \(question.answerLetter) (\(question.options[question.answer]))"])
        }
        let height = gap + blocks.reduce(0) { $0 + imageSide + gap + $1.1.count * BitmapFont.lineHeight + 2 * gap }
        var canvas = Canvas(width: width, height: height, fill: RGB(1, 1, 1))
        var y = gap
        for (question, lines) in blocks {
            for (index, image) in question.images.enumerated() {
                canvas.paste(image, x: gap + index * (imageSide + gap), y: y, scale: scale)
            }
            y += imageSide + gap
            for (index, line) in lines.enumerated() {
                let colour = index == lines.count - 1 ? RGB(0, 0.45, 0) : RGB(0, 0, 0)
                BitmapFont.draw(line, x: gap, y: y, colour: colour, on: &canvas)
                y += BitmapFont.lineHeight
            }
            y += gap
            for x in 0..<width { canvas.set(x, y, RGB(0.8, 0.8, 0.8)) }
            y += gap
        }
        return canvas.png
    }
}

extension String {
    var replacingUnderscores: String { split(separator: "_").joined(separator: " ") }
}
