internal import Core
/// Forensic Detection (4 options, 4 images): four scenes; in one, an object was pasted in: a
/// flat cut-out that casts no shadow and has none of the scene's shading. Which image is fake?
/// Scenes hold one or two objects and the pasted one is the nearest, so that the edit is
/// more than a few pixels (with two to four objects and any of them pasted, the small model
/// reached 33.6 % after 3000 steps alone).
///
/// Version 2 (a grid's `task_versions: {FD: 2}`) also leaves the cut-out a rim of the photo
/// it was cut from: the pixels just outside its outline take a pale colour, half blended with
/// the scene, as a sloppy cut leaves. Version 1's shading cue alone kept every multi-task base
/// within 2 points of chance (runs 13 to 24), though the small model learnt it to 48 % alone.
/// But the pale rim brightens the blocks around the cut-out: a logistic regression on 4 x 4
/// pixels finds the fake in 61 % of questions (chance 25 %), a shortcut.
///
/// Version 3 makes the rim jagged instead, as an aliased cut leaves it: rim pixels alternate
/// lighter and darker in a checkerboard, so a block's mean hardly moves and only the edge's
/// texture, at the scale of a model patch, tells the fake.
enum ForensicDetectionTask {
    /// Version 2's rim: its colour and how much of it a rim pixel takes.
    static let rim = RGB(0.92, 0.92, 0.88)
    static let rimBlend: Float = 0.5
    /// Version 3's rim: how much each rim pixel is lightened or darkened (every channel).
    static let jag: Float = 0.25

    static func make(_ b: inout SceneBuilder, answer: Int, version: Int = 1) -> Question {
        var images: [RGBImage] = []
        for slot in 0..<4 {
            while true {
                var scene = b.scene(count: b.integer(1...2))
                guard !scene.objects.isEmpty else { continue }
                var pasted: Int?
                if slot == answer {
                    // The nearest object, the largest in view: far ones are a few pixels.
                    let nearest = scene.objects.indices.min { scene.objects[$0].z < scene.objects[$1].z }!
                    scene.objects[nearest].castsShadow = false
                    scene.objects[nearest].flat = true
                    pasted = nearest
                }
                var image = b.image(scene)
                if let pasted, version >= 2 { addRim(to: &image, around: pasted, of: b.maps(scene), jagged: version >= 3) }
                images.append(image)
                break
            }
        }
        return Question(task: .forensicDetection, images: images, words: [.fake, .one, .two, .three, .four], optionWords: [1, 2, 3, 4],
                        prompt: "Which image was edited (an object pasted in: flat, unshaded, without a shadow)?",
                        options: (1...4).map { "image \($0)" }, answer: answer)
    }

    /// Marks the pixels outside object `instance` that touch it (4-neighbours): blended with
    /// `rim` (version 2), or `jagged`, lightened and darkened by `jag` by turns (version 3).
    static func addRim(to image: inout RGBImage, around instance: Int, of maps: Rendering, jagged: Bool) {
        let n = maps.size
        func inside(_ x: Int, _ y: Int) -> Bool { x >= 0 && x < n && y >= 0 && y < n && maps.instance[y * n + x] == instance }
        for y in 0..<n {
            for x in 0..<n where !inside(x, y) {
                guard inside(x - 1, y) || inside(x + 1, y) || inside(x, y - 1) || inside(x, y + 1) else { continue }
                if jagged {
                    let step = (x + y) % 2 == 0 ? jag : -jag
                    let c = image[x, y]
                    image[x, y] = RGB(min(max(c.r + step, 0), 1), min(max(c.g + step, 0), 1), min(max(c.b + step, 0), 1))
                } else {
                    image[x, y] = image[x, y] * (1 - rimBlend) + rim * rimBlend
                }
            }
        }
    }
}
