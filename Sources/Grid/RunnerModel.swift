/// A model run by a worker's runner (`transfergrid worker --runner MODEL=COMMAND`), as the grid
/// declares it under `runner_models`.
public struct RunnerModel: Codable, Hashable, Sendable {
    /// The released model the runner starts from, by a name the runner knows (such as
    /// `Qwen/Qwen2.5-VL-3B-Instruct`): the grid has no pretraining job for the model. Absent:
    /// a pretraining job, run by the runner, makes its base.
    public var base: String?

    public init(base: String? = nil) {
        self.base = base
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case base
    }

    /// The rule of the wire's identifiers: 1 to 128 bytes of `A-Z a-z 0-9 . _ : / -`.
    static func problem(withBase base: String) -> String? {
        let bytes = base.utf8
        guard (1...128).contains(bytes.count) else { return "is \(bytes.count) bytes; give 1 to 128" }
        let allowed = bytes.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 46 || b == 95 || b == 58 || b == 47 || b == 45
        }
        return allowed ? nil : "\"\(base.prefix(80))\" has a character outside A-Z a-z 0-9 . _ : / -"
    }
}
