internal import Wire

/// Spatial Relation (2 options, 1 image): "Is the <colour> <shape> left (right) of the
/// <colour> <shape>?" A: yes, B: no. The relation word is chosen so yes and no are balanced.
enum SpatialRelationTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        while true {
            let scene = b.scene(count: b.integer(2...4))
            guard scene.objects.count >= 2 else { continue }
            let pair = b.distinct(2, of: scene.objects.count)
            let (x, y) = (scene.objects[pair[0]], scene.objects[pair[1]])
            let unique = { (o: Scene.Object) in scene.objects.filter { $0.colour == o.colour && $0.shape == o.shape }.count == 1 }
            guard unique(x), unique(y), x.colour != y.colour || x.shape != y.shape,
                  let px = Raycaster.project(x.centre, camera: SceneBuilder.camera, size: TaskGenerator.imageSize),
                  let py = Raycaster.project(y.centre, camera: SceneBuilder.camera, size: TaskGenerator.imageSize),
                  abs(px.x - py.x) >= 3 else { continue }
            let xIsLeft = px.x < py.x
            // yes (A) asks the true relation, no (B) the false one.
            let askLeft = (answer == 0) == xIsLeft
            let r = b.render(scene)
            return Question(task: .spatialRelation, images: [r.image],
                            words: [askLeft ? .left : .right, x.colour, x.shape.word, y.colour, y.shape.word, .yes, .no], optionWords: [5, 6],
                            prompt: "Is the \(x.colour) \(x.shape.word) \(askLeft ? "left" : "right") of the \(y.colour) \(y.shape.word)?",
                            options: ["yes", "no"], answer: answer)
        }
    }
}
