internal import Foundation
internal import Yams

extension GridSpec {
    /// Reads a grid spec from YAML. Unknown keys are refused (a misspelt `learning_rate` must
    /// not silently fall back to a default), and every error names the field.
    public static func yaml(_ text: String, source: String) throws(GridError) -> GridSpec {
        let node: Node
        do {
            guard let parsed = try Yams.compose(yaml: text) else { throw GridError("\(source) is empty; `transfergrid grid show quick` prints an example") }
            node = parsed
        } catch let error as GridError {
            throw error
        } catch {
            throw GridError("\(source) is not valid YAML: \(error)")
        }
        guard let mapping = node.mapping else { throw GridError("\(source) must be a mapping of keys (name, models, seeds, ...)") }
        try checkKeys(mapping, allowed: CodingKeys.allCases.map(\.rawValue), at: source)
        for stage in ["pretrain", "finetune"] {
            if let sub = mapping[stage]?.mapping {
                try checkKeys(sub, allowed: TrainingStage.CodingKeys.allCases.map(\.rawValue), at: "\(source): \(stage)")
            }
        }
        if let sub = mapping["selection"]?.mapping {
            try checkKeys(sub, allowed: SelectionStage.CodingKeys.allCases.map(\.rawValue), at: "\(source): selection")
        }
        for (key, value) in mapping["runner_models"]?.mapping ?? [:] {
            guard let sub = value.mapping else { throw GridError("\(source): runner_models.\(key.string ?? "?") must be a mapping (base: ...), or {}") }
            try checkKeys(sub, allowed: RunnerModel.CodingKeys.allCases.map(\.rawValue), at: "\(source): runner_models.\(key.string ?? "?")")
        }
        if let sub = mapping["benchmark_shift"]?.mapping {
            try checkKeys(sub, allowed: BenchmarkShift.CodingKeys.allCases.map(\.rawValue), at: "\(source): benchmark_shift")
        }
        let spec: GridSpec
        do {
            spec = try YAMLDecoder().decode(GridSpec.self, from: text)
        } catch let DecodingError.keyNotFound(key, context) {
            throw GridError("\(source): missing \(path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw GridError("\(source): \(path(context.codingPath)) has the wrong type (\(context.debugDescription))")
        } catch let DecodingError.valueNotFound(_, context) {
            throw GridError("\(source): \(path(context.codingPath)) has no value")
        } catch let DecodingError.dataCorrupted(context) {
            throw GridError("\(source): \(path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw GridError("\(source): \(error)")
        }
        do {
            try spec.validate()
        } catch {
            throw GridError("\(source): \(error.message)")
        }
        return spec
    }

    /// Reads a grid spec file.
    public static func load(path: String) throws(GridError) -> GridSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GridError("cannot read the grid spec \(path); check the path, or use --preset \(presetNames.joined(separator: "|"))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw GridError("\(path) is not UTF-8 text") }
        return try yaml(text, source: path)
    }

    /// The spec as YAML, in the keys `yaml(_:source:)` reads.
    public func yamlText() -> String {
        (try? YAMLEncoder().encode(self)) ?? ""
    }

    private static func checkKeys(_ mapping: Node.Mapping, allowed: [String], at source: String) throws(GridError) {
        for key in mapping.keys {
            guard let name = key.string else { throw GridError("\(source): a key is not a string") }
            guard allowed.contains(name) else {
                throw GridError("\(source): unknown key \"\(name)\"; the keys are \(allowed.joined(separator: ", "))")
            }
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
