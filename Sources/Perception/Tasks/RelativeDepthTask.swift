internal import Core
/// Relative Depth (2 options, 1 image): two marked points; which is closer to the camera?
/// Sizes and distances vary independently, and the points can lie on objects or the ground.
enum RelativeDepthTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        while true {
            let scene = b.scene(count: b.integer(2...5))
            let r = b.maps(scene)  // shaded below, once the scene passes
            let candidates = b.pixels(r) { $0 >= -1 }
            guard let points = b.spread(2, from: candidates, spacing: 7, accept: { chosen, p in
                guard let first = chosen.first else { return true }
                let d1 = r.depth[first.y * r.size + first.x], d2 = r.depth[p.y * r.size + p.x]
                return max(d1, d2) / min(d1, d2) >= 1.3
            }) else { continue }
            let depths = points.map { r.depth[$0.y * r.size + $0.x] }
            let closer = depths[0] < depths[1] ? 0 : 1
            // The closer point takes the answer's slot.
            let ordered = answer == 0 ? [points[closer], points[1 - closer]] : [points[1 - closer], points[closer]]
            let colours = b.markerColours(2)
            var image = b.image(scene)
            for (point, colour) in zip(ordered, colours) { Markers.ring(&image, x: Float(point.x) + 0.5, y: Float(point.y) + 0.5, colour.1) }
            return Question(task: .relativeDepth, images: [image], words: [.closer] + colours.map(\.0), optionWords: [1, 2],
                            prompt: "Which marked point is closer to the camera?", options: colours.map(\.0.description), answer: answer)
        }
    }
}
