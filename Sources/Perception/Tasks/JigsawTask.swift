internal import Core
/// Jigsaw (2 options, 3 images): a picture with one quadrant blacked out, and two candidate
/// pieces (shown enlarged); which fills the gap? The wrong piece is the same quadrant of another
/// picture that shares the first's shape colours but not its background gradient or layout.
enum JigsawTask {
    struct Picture {
        var top: RGB
        var bottom: RGB
        var shapes: [(kind: Int, x: Float, y: Float, r: Float, colour: RGB)]
    }

    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        let size = TaskGenerator.imageSize
        let picture = randomPicture(&b, colours: nil)
        var other = randomPicture(&b, colours: picture.shapes.map(\.colour))
        other.top = Pattern.randomColour(&b)
        let quadrant = b.integer(0...3)
        let (qx, qy) = ((quadrant % 2) * size / 2, (quadrant / 2) * size / 2)
        var holed = draw(picture, size: size)
        let right = holed.crop(x: qx, y: qy, size: size / 2).resized(to: size)
        let wrong = draw(other, size: size).crop(x: qx, y: qy, size: size / 2).resized(to: size)
        holed.fillRect(x0: qx, y0: qy, x1: qx + size / 2, y1: qy + size / 2, RGB(0, 0, 0))
        return Question(task: .jigsaw, images: [holed] + (answer == 0 ? [right, wrong] : [wrong, right]), words: [.fits, .two, .three], optionWords: [1, 2],
                        prompt: "Which piece, the second or the third image, fills the black gap of the first?",
                        options: ["second image", "third image"], answer: answer)
    }

    static func randomPicture(_ b: inout SceneBuilder, colours: [RGB]?) -> Picture {
        let size = Float(TaskGenerator.imageSize)
        var shapes: [(kind: Int, x: Float, y: Float, r: Float, colour: RGB)] = []
        for index in 0..<b.integer(3...5) {
            let colour = colours.map { $0[index % $0.count] } ?? Pattern.randomColour(&b)
            shapes.append((b.integer(0...2), b.uniform(0...size), b.uniform(0...size), b.uniform(4...9), colour))
        }
        return Picture(top: Pattern.randomColour(&b), bottom: Pattern.randomColour(&b), shapes: shapes)
    }

    static func draw(_ p: Picture, size: Int) -> RGBImage {
        var image = RGBImage(size: size)
        for y in 0..<size {
            let t = Float(y) / Float(size - 1)
            for x in 0..<size { image[x, y] = p.top.mixed(with: p.bottom, t) }
        }
        for s in p.shapes {
            switch s.kind {
            case 0: image.fillDisc(cx: s.x, cy: s.y, radius: s.r, s.colour)
            case 1: image.fillRect(x0: Int(s.x - s.r), y0: Int(s.y - s.r * 0.6), x1: Int(s.x + s.r), y1: Int(s.y + s.r * 0.6), s.colour)
            default: image.fillPolygon([(s.x, s.y - s.r), (s.x + s.r, s.y + s.r), (s.x - s.r, s.y + s.r)], s.colour)
            }
        }
        return image
    }
}
