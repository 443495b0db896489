import Testing
import Wire

/// SplitMix64: a small, fast, seedable generator, so a failing fuzz case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Decoding fuzz: random and mutated buffers must each give a message or a typed error.
/// A crash fails the run; a message that decodes must re-encode and decode to itself.
/// `make fuzz-leaks` runs this suite under valgrind's leak checker.
@Suite struct FuzzTests {
    static let iterations = 100_000

    @Test func randomAndMutatedBuffersNeverCrash() throws {
        let codec = WireCodec()
        var rng = SplitMix64(seed: 0x7261_6e73_6665_7247)
        let seeds = try Fixtures.messages.map { try codec.encode($0) }.filter { $0.count < 16 << 10 }
        #expect(seeds.count > 40)

        var decoded = 0
        var errors: [WireError.Code: Int] = [:]
        for iteration in 0..<Self.iterations {
            let buffer = Self.fuzzCase(iteration, seeds: seeds, rng: &rng)
            do {
                let message = try codec.decode(buffer)
                decoded += 1
                // Whatever decodes is a whole, valid message: it survives a round trip.
                #expect(try codec.decode(codec.encode(message)) == message, "case \(iteration)")
            } catch {
                errors[error.code, default: 0] += 1
            }
        }
        let failed = errors.values.reduce(0, +)
        #expect(decoded + failed == Self.iterations)
        // The mutations reach past the parser into field checks, not only "malformed".
        #expect(decoded > 100)
        for code in [WireError.Code.malformed, .missingField, .invalidValue, .unknownEnumValue, .unsupportedVersion] {
            #expect(errors[code, default: 0] > 0, "no \(code) error in \(Self.iterations) cases: \(errors)")
        }
        print("fuzz: \(Self.iterations) buffers, \(decoded) decoded, errors \(errors.sorted { $0.value > $1.value }.map { "\($0.key)=\($0.value)" })")
    }

    /// One buffer: a seventh random bytes, the rest a valid frame with one mutation.
    static func fuzzCase(_ iteration: Int, seeds: [[UInt8]], rng: inout SplitMix64) -> [UInt8] {
        if iteration % 7 == 0 {
            return (0..<Int.random(in: 0...96, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        var buffer = seeds.randomElement(using: &rng)!
        guard !buffer.isEmpty else { return buffer }
        switch iteration % 6 {
        case 0:  // flip 1 to 8 bits
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                buffer[Int.random(in: 0..<buffer.count, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            }
        case 1:  // truncate
            buffer.removeLast(Int.random(in: 1...buffer.count, using: &rng))
        case 2:  // overwrite a byte with a huge length prefix / long varint
            let at = Int.random(in: 0..<buffer.count, using: &rng)
            let huge: [[UInt8]] = [
                [0xff, 0xff, 0xff, 0xff, 0x0f], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
                [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0xfe, 0xff, 0xff, 0x7f],
            ]
            buffer.replaceSubrange(at...at, with: huge.randomElement(using: &rng)!)
        case 3:  // insert random bytes
            let at = Int.random(in: 0...buffer.count, using: &rng)
            buffer.insert(contentsOf: (0..<Int.random(in: 1...6, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
        case 4:  // change one byte to a small value: enum numbers, field tags, lengths
            buffer[Int.random(in: 0..<buffer.count, using: &rng)] = UInt8.random(in: 0...20, using: &rng)
        default:  // splice two frames
            let other = seeds.randomElement(using: &rng)!
            buffer = Array(buffer.prefix(Int.random(in: 0...buffer.count, using: &rng)))
                + other.suffix(Int.random(in: 0...other.count, using: &rng))
        }
        return buffer
    }
}
