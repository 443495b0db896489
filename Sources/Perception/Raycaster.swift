/// Renders a `Scene` by casting one ray per pixel: nearest hit, Lambert shading with ambient
/// light, and a shadow ray towards the light. The image is rendered at twice the size and
/// box-filtered down; depth, albedo and instance maps are exact at the output size.
public struct Rendering: Sendable {
    public var image: RGBImage
    /// Distance along the view axis of each pixel's surface; +infinity for sky.
    public var depth: [Float]
    /// Surface albedo of each pixel (sky: the sky colour).
    public var albedo: [RGB]
    /// Object index of each pixel; -1 for ground, -2 for sky.
    public var instance: [Int]
    public var size: Int { image.size }
}

public enum Raycaster {
    struct Hit {
        var t: Float
        var normal: SIMD3<Float>
        var instance: Int
    }

    /// The depth, albedo and instance maps (the image left black; `image` shades it): a ray per
    /// pixel, no shading, about a tenth of the image's work, so tasks test a view on its maps
    /// and shade only the one they keep.
    public static func maps(_ scene: Scene, camera: Scene.Camera, size: Int) -> Rendering {
        var maps = Rendering(image: RGBImage(size: size), depth: [Float](repeating: .infinity, count: size * size),
                             albedo: [RGB](repeating: scene.skyColour, count: size * size),
                             instance: [Int](repeating: -2, count: size * size))
        for y in 0..<size {
            for x in 0..<size {
                let ray = direction(camera, x: Float(x) + 0.5, y: Float(y) + 0.5, size: size)
                if let hit = trace(scene, origin: camera.position, direction: ray) {
                    maps.depth[y * size + x] = hit.t * dot(ray, camera.forward)
                    maps.instance[y * size + x] = hit.instance
                    maps.albedo[y * size + x] = albedo(scene, hit.instance)
                }
            }
        }
        return maps
    }

    /// The shaded image: rendered at twice the size and box-filtered down.
    public static func image(_ scene: Scene, camera: Scene.Camera, size: Int) -> RGBImage {
        let fine = 2 * size
        var image = RGBImage(size: fine)
        for y in 0..<fine {
            for x in 0..<fine {
                let ray = direction(camera, x: Float(x) + 0.5, y: Float(y) + 0.5, size: fine)
                image[x, y] = shade(scene, origin: camera.position, direction: ray)
            }
        }
        return image.downsampled(by: 2)
    }

    /// The pixel position (x, y) of a world point, and its view depth; nil behind the camera.
    public static func project(_ point: SIMD3<Float>, camera: Scene.Camera, size: Int) -> (x: Float, y: Float, depth: Float)? {
        let relative = point - camera.position
        let depth = dot(relative, camera.forward)
        guard depth > 0.01 else { return nil }
        let u = dot(relative, camera.right) / depth / camera.tanHalfFOV
        let v = dot(relative, camera.up) / depth / camera.tanHalfFOV
        return ((u + 1) / 2 * Float(size), (1 - v) / 2 * Float(size), depth)
    }

    static func direction(_ camera: Scene.Camera, x: Float, y: Float, size: Int) -> SIMD3<Float> {
        let u = (2 * x / Float(size) - 1) * camera.tanHalfFOV
        let v = (1 - 2 * y / Float(size)) * camera.tanHalfFOV
        return normalize(camera.forward + camera.right * u + camera.up * v)
    }

    static func albedo(_ scene: Scene, _ instance: Int) -> RGB {
        instance >= 0 ? scene.objects[instance].albedo : scene.groundAlbedo
    }

    static func shade(_ scene: Scene, origin: SIMD3<Float>, direction: SIMD3<Float>) -> RGB {
        guard let hit = trace(scene, origin: origin, direction: direction) else { return scene.skyColour }
        let point = origin + direction * hit.t
        let object = hit.instance >= 0 ? scene.objects[hit.instance] : nil
        var diffuse = max(dot(hit.normal, scene.light), 0)
        if diffuse > 0,
           trace(scene, origin: point + hit.normal * 1e-3, direction: scene.light, shadowsOnly: true) != nil {
            diffuse = 0
        }
        if object?.flat == true { diffuse = 0.4 }
        return albedo(scene, hit.instance) * (scene.ambient + (1 - scene.ambient) * diffuse)
    }

    /// The nearest surface along a ray; with `shadowsOnly`, only objects that cast shadows.
    static func trace(_ scene: Scene, origin o: SIMD3<Float>, direction d: SIMD3<Float>, shadowsOnly: Bool = false) -> Hit? {
        var best: Hit?
        if !shadowsOnly && d.y < -1e-6 {
            let t = -o.y / d.y
            if t > 1e-4 { best = Hit(t: t, normal: SIMD3(0, 1, 0), instance: -1) }
        }
        for (index, object) in scene.objects.enumerated() where !shadowsOnly || object.castsShadow {
            if let hit = intersect(object, origin: o, direction: d), hit.t < (best?.t ?? .infinity) {
                best = Hit(t: hit.t, normal: hit.normal, instance: index)
            }
        }
        return best
    }

    static func intersect(_ object: Scene.Object, origin o: SIMD3<Float>, direction d: SIMD3<Float>) -> (t: Float, normal: SIMD3<Float>)? {
        let c = object.centre, r = object.size
        switch object.shape {
        case .sphere:
            let oc = o - c
            let b = dot(oc, d), cc = dot(oc, oc) - r * r
            let disc = b * b - cc
            guard disc >= 0 else { return nil }
            let t = -b - disc.squareRoot()
            guard t > 1e-4 else { return nil }
            return (t, normalize(o + d * t - c))
        case .cube:
            var tNear = -Float.infinity, tFar = Float.infinity
            var normal = SIMD3<Float>(0, 0, 0)
            for axis in 0..<3 {
                let lo = c[axis] - r, hi = c[axis] + r
                if abs(d[axis]) < 1e-8 {
                    if o[axis] < lo || o[axis] > hi { return nil }
                    continue
                }
                var t1 = (lo - o[axis]) / d[axis], t2 = (hi - o[axis]) / d[axis]
                var sign: Float = -1
                if t1 > t2 { swap(&t1, &t2); sign = 1 }
                if t1 > tNear {
                    tNear = t1
                    normal = SIMD3(0, 0, 0)
                    normal[axis] = sign
                }
                tFar = min(tFar, t2)
                if tNear > tFar { return nil }
            }
            guard tNear > 1e-4 else { return nil }
            return (tNear, normal)
        case .cylinder:
            var best: (t: Float, normal: SIMD3<Float>)?
            let ox = o.x - c.x, oz = o.z - c.z
            let a = d.x * d.x + d.z * d.z
            if a > 1e-10 {
                let b = ox * d.x + oz * d.z, cc = ox * ox + oz * oz - r * r
                let disc = b * b - a * cc
                if disc >= 0 {
                    let t = (-b - disc.squareRoot()) / a
                    let y = o.y + d.y * t
                    if t > 1e-4 && y >= 0 && y <= 2 * object.halfHeight {
                        best = (t, normalize(SIMD3(ox + d.x * t, 0, oz + d.z * t)))
                    }
                }
            }
            if abs(d.y) > 1e-8 {
                let t = (2 * object.halfHeight - o.y) / d.y
                let px = ox + d.x * t, pz = oz + d.z * t
                if t > 1e-4 && px * px + pz * pz <= r * r && t < (best?.t ?? .infinity) {
                    best = (t, SIMD3(0, 1, 0))
                }
            }
            return best
        }
    }
}
