internal import Core
/// Relative Reflectance (3 options, 1 image): two marked points; which surface has the darker
/// colour (albedo), or are they about the same (within 6 %)? Shading and shadows vary
/// independently of albedo: two ground points, one lit and one in shadow, are "about the
/// same"; the two points of a "same" pair may lie on different surfaces and far apart, so
/// their distance does not give the answer away. A darker surface is at least 1.8 times
/// darker (with 1.6, the small model reached 47.4 % after 3000 steps alone; now 50.2 %; with
/// 2.2, 69.8 %, but then a probe on 4 x 4 pixels answered 42 to 44 % from the scenes).
enum RelativeReflectanceTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        while true {
            let scene = b.scene(count: b.integer(2...5))
            let r = b.maps(scene)  // shaded below, once the scene passes
            let candidates = b.pixels(r) { $0 >= -1 }
            let luminance = { (p: SceneBuilder.Pixel) in r.albedo[p.y * r.size + p.x].luminance }
            // Every scene, whatever the answer, has surfaces 1.8 times apart: otherwise "about
            // the same" scenes would look plainer, which a probe on 4 x 4 pixels could tell.
            let range = candidates.map(luminance)
            guard let darkest = range.min(), let lightest = range.max(), lightest >= 1.8 * darkest else { continue }
            let same = answer == 2
            guard let points = b.spread(2, from: candidates, spacing: 6, accept: { chosen, p in
                guard let first = chosen.first else { return true }
                let (a, c) = (luminance(first), luminance(p))
                // At least one point on an object, as in every "darker" pair (the ground is
                // one albedo): two ground points would tell "about the same" by where they sit.
                let onObject = r.instance[first.y * r.size + first.x] >= 0 || r.instance[p.y * r.size + p.x] >= 0
                if same { return onObject && max(a, c) / min(a, c) <= 1.06 }
                return max(a, c) / min(a, c) >= 1.8
            }) else { continue }
            var ordered = points
            if !same {
                // The darker point goes first when the answer is A, second when B.
                let darker = luminance(points[0]) < luminance(points[1]) ? 0 : 1
                ordered = answer == 0 ? [points[darker], points[1 - darker]] : [points[1 - darker], points[darker]]
            }
            let colours = b.markerColours(2)
            var image = b.image(scene)
            for (point, colour) in zip(ordered, colours) { Markers.ring(&image, x: Float(point.x) + 0.5, y: Float(point.y) + 0.5, colour.1) }
            return Question(task: .relativeReflectance, images: [image], words: [.darker] + colours.map(\.0) + [.same], optionWords: [1, 2, 3],
                            prompt: "Which marked surface has the darker colour (not shading)?",
                            options: colours.map(\.0.description) + ["about the same"], answer: answer)
        }
    }
}
