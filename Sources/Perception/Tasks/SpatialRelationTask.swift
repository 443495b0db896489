internal import Wire

/// Spatial Relation (2 options, 1 image): "Which is left (right) of the other: the <colour>
/// object or the <colour> object?" The two objects' colours are unique in the scene; the
/// relation word and the order of the options are drawn, so neither says which is meant.
enum SpatialRelationTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        while true {
            let scene = b.scene(count: b.integer(2...4))
            guard scene.objects.count >= 2 else { continue }
            let pair = b.distinct(2, of: scene.objects.count)
            let (x, y) = (scene.objects[pair[0]], scene.objects[pair[1]])
            let unique = { (o: Scene.Object) in scene.objects.filter { $0.colour == o.colour }.count == 1 }
            guard unique(x), unique(y),
                  let px = Raycaster.project(x.centre, camera: SceneBuilder.camera, size: TaskGenerator.imageSize),
                  let py = Raycaster.project(y.centre, camera: SceneBuilder.camera, size: TaskGenerator.imageSize),
                  abs(px.x - py.x) >= 3 else { continue }
            let askLeft = b.integer(0...1) == 0
            // The object that satisfies the relation takes the answer's slot.
            let xSatisfies = (px.x < py.x) == askLeft
            let (right, wrong) = xSatisfies ? (x, y) : (y, x)
            let options = answer == 0 ? [right, wrong] : [wrong, right]
            let r = b.render(scene)
            return Question(task: .spatialRelation, images: [r.image],
                            words: [askLeft ? .left : .right] + options.map(\.colour), optionWords: [1, 2],
                            prompt: "Which object is \(askLeft ? "left" : "right") of the other?",
                            options: options.map { "the \($0.colour) \($0.shape.word)" }, answer: answer)
        }
    }
}
