internal import Core
/// Spatial Relation (2 options, 1 image): "Which is further left: the <colour> object or the
/// <colour> object?" The two objects' colours are unique in the scene and the order of the
/// options is drawn, so only where the named objects stand gives the answer. (Asking "left" or
/// "right" at random, so the answer flips with the relation word, kept the small model at
/// chance after 3000 steps; the one relation reaches 89 %.)
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
            // The object further left takes the answer's slot.
            let (left, other) = px.x < py.x ? (x, y) : (y, x)
            let options = answer == 0 ? [left, other] : [other, left]
            return Question(task: .spatialRelation, images: [b.image(scene)], words: [.left] + options.map(\.colour), optionWords: [1, 2],
                            prompt: "Which object is further left?",
                            options: options.map { "the \($0.colour) \($0.shape.word)" }, answer: answer)
        }
    }
}
