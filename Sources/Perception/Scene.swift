internal import Glibc

/// A tiny 3-D toy world: a ground plane, a directional light, and spheres, cubes and vertical
/// cylinders standing on the ground, seen by a pinhole camera. It gives exact ground truth for
/// depth, albedo and instances, which the depth, reflectance, counting, localisation,
/// correspondence and multi-view tasks ask about.
public struct Scene: Sendable {
    public enum Shape: CaseIterable, Sendable, Hashable {
        case sphere, cube, cylinder

        public var word: Word {
            switch self {
            case .sphere: .sphere
            case .cube: .cube
            case .cylinder: .cylinder
            }
        }
    }

    public struct Object: Sendable {
        public var shape: Shape
        public var colour: Word
        public var albedo: RGB
        /// Centre on the ground plane (x, z); the object stands on y = 0.
        public var x: Float
        public var z: Float
        /// Radius (sphere, cylinder) or half edge (cube).
        public var size: Float
        /// False for a pasted-in object (forensic fakes): it casts no shadow.
        public var castsShadow = true
        /// A pasted-in cut-out (forensic fakes): evenly lit, with none of the scene's shading.
        public var flat = false

        public init(shape: Shape, colour: Word, albedo: RGB, x: Float, z: Float, size: Float) {
            self.shape = shape
            self.colour = colour
            self.albedo = albedo
            self.x = x
            self.z = z
            self.size = size
        }

        /// Half height of the object (cylinders are as tall as wide).
        var halfHeight: Float { size }
        public var centre: SIMD3<Float> { SIMD3(x, halfHeight, z) }
        public var top: SIMD3<Float> { SIMD3(x, 2 * halfHeight, z) }
    }

    public struct Camera: Sendable {
        public var position: SIMD3<Float>
        /// Rotation about the vertical axis, radians; positive turns right.
        public var yaw: Float
        /// Rotation about the horizontal axis, radians; negative looks down.
        public var pitch: Float
        /// tan(field of view / 2).
        public var tanHalfFOV: Float

        public init(position: SIMD3<Float> = SIMD3(0, 1.6, 0), yaw: Float = 0, pitch: Float = -0.22, tanHalfFOV: Float = 0.6) {
            self.position = position
            self.yaw = yaw
            self.pitch = pitch
            self.tanHalfFOV = tanHalfFOV
        }

        var right: SIMD3<Float> { SIMD3(cosf(yaw), 0, -sinf(yaw)) }
        var forward: SIMD3<Float> { SIMD3(sinf(yaw) * cosf(pitch), sinf(pitch), cosf(yaw) * cosf(pitch)) }
        var up: SIMD3<Float> { cross(right, forward) * -1 }
    }

    public var objects: [Object]
    public var groundAlbedo: RGB
    public var skyColour: RGB
    /// Unit vector towards the light.
    public var light: SIMD3<Float>
    public var ambient: Float

    public init(objects: [Object], groundAlbedo: RGB, skyColour: RGB, light: SIMD3<Float>, ambient: Float) {
        self.objects = objects
        self.groundAlbedo = groundAlbedo
        self.skyColour = skyColour
        self.light = normalize(light)
        self.ambient = ambient
    }
}

@inline(__always) func dot(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> Float { a.x * b.x + a.y * b.y + a.z * b.z }
@inline(__always) func cross(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> SIMD3<Float> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
@inline(__always) func normalize(_ v: SIMD3<Float>) -> SIMD3<Float> { v / dot(v, v).squareRoot() }
