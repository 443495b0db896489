internal import Core
/// Art Style (2 options, 3 images): a reference picture (a shape painted in a style: texture,
/// palette, outline) and two candidates; which shares its style? The right one paints another
/// shape in the same style; the wrong one paints the same shape in another style, half the
/// time on the same background with the same palette. (With a background of its own in every
/// question the small model learnt AS to 99 % in 3000 steps; always sharing it, not at all.)
enum ArtStyleTask {
    struct Style {
        var texture: Pattern
        var outline: Int
        var outlineColour: RGB
        var background: RGB
    }

    enum Content: CaseIterable { case disc, square, triangle, diamond, cross }

    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        let style = randomStyle(&b)
        var other = randomStyle(&b)
        // The other style differs in texture kind or palette, sometimes sharing one of them;
        // half the time it shares the palette and the background, so that only the texture
        // and the outline tell the styles apart.
        let close = b.integer(0...1) == 0
        if close || b.integer(0...1) == 0 { other.texture.colourA = style.texture.colourA; other.texture.colourB = style.texture.colourB }
        if close { other.background = style.background }
        while !other.texture.isDistinct(from: style.texture) && other.texture.colourA == style.texture.colourA {
            other.texture.kind = b.pick(Pattern.Kind.allCases)
        }
        let contents = b.distinct(2, of: Content.allCases.count).map { Content.allCases[$0] }
        let reference = paint(contents[0], style, &b)
        let right = paint(contents[1], style, &b)
        let wrong = paint(contents[0], other, &b)
        return Question(task: .artStyle, images: [reference] + (answer == 0 ? [right, wrong] : [wrong, right]), words: [.style, .two, .three], optionWords: [1, 2],
                        prompt: "Which of the second and third images is in the art style of the first?",
                        options: ["second image", "third image"], answer: answer)
    }

    static func randomStyle(_ b: inout SceneBuilder) -> Style {
        Style(texture: Pattern.random(&b), outline: b.integer(0...2), outlineColour: Pattern.randomColour(&b),
              background: RGB(b.uniform(0.7...1), b.uniform(0.7...1), b.uniform(0.7...1)))
    }

    static func paint(_ content: Content, _ style: Style, _ b: inout SceneBuilder) -> RGBImage {
        let size = TaskGenerator.imageSize
        var texture = style.texture
        texture.phase = b.uniform(0...1)
        let cx = Float(size) / 2 + b.uniform(-3...3), cy = Float(size) / 2 + b.uniform(-3...3), r = b.uniform(9...12)
        var mask = RGBImage(size: size)
        let white = RGB(1, 1, 1)
        switch content {
        case .disc: mask.fillDisc(cx: cx, cy: cy, radius: r, white)
        case .square: mask.fillRect(x0: Int(cx - r * 0.85), y0: Int(cy - r * 0.85), x1: Int(cx + r * 0.85), y1: Int(cy + r * 0.85), white)
        case .triangle: mask.fillPolygon([(cx, cy - r), (cx + r, cy + r * 0.8), (cx - r, cy + r * 0.8)], white)
        case .diamond: mask.fillPolygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], white)
        case .cross:
            mask.fillRect(x0: Int(cx - r), y0: Int(cy - r * 0.35), x1: Int(cx + r), y1: Int(cy + r * 0.35), white)
            mask.fillRect(x0: Int(cx - r * 0.35), y0: Int(cy - r), x1: Int(cx + r * 0.35), y1: Int(cy + r), white)
        }
        var image = RGBImage(size: size, fill: style.background)
        for y in 0..<size {
            for x in 0..<size where mask[x, y].r > 0.5 {
                let inside = (x > 0 && mask[x - 1, y].r > 0.5) && (x < size - 1 && mask[x + 1, y].r > 0.5)
                    && (y > 0 && mask[x, y - 1].r > 0.5) && (y < size - 1 && mask[x, y + 1].r > 0.5)
                image[x, y] = style.outline > 0 && !inside ? style.outlineColour
                    : texture.colour((Float(x) + 0.5) / Float(size), (Float(y) + 0.5) / Float(size))
            }
        }
        if style.outline == 2 {
            // A second outline ring, one pixel further out.
            let copy = image
            for y in 0..<size {
                for x in 0..<size where mask[x, y].r < 0.5 {
                    let touches = [(1, 0), (-1, 0), (0, 1), (0, -1)].contains { d in
                        copy.contains(x + d.0, y + d.1) && mask[x + d.0, y + d.1].r > 0.5
                    }
                    if touches { image[x, y] = style.outlineColour }
                }
            }
        }
        return image
    }
}
