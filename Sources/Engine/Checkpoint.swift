internal import Foundation

/// Base checkpoints and LoRA adapters as safetensors files, written atomically.
///
/// A base file holds every base parameter and the model's configuration (metadata
/// `transfergrid.config`, JSON); an adapter file holds only the adapters, with their rank and
/// alpha, and is applied on top of a base of the same configuration. Loading checks names,
/// shapes and dtypes and says exactly which tensor does not fit.
public enum Checkpoint {
    static let kindKey = "transfergrid.kind"
    static let configKey = "transfergrid.config"
    static let rankKey = "transfergrid.lora_rank"
    static let alphaKey = "transfergrid.lora_alpha"

    public static func saveBase(_ model: VisionLanguageModel, to path: String) throws(EngineError) {
        var metadata = [kindKey: "base", configKey: try encodeConfig(model.config)]
        metadata["format"] = "pt"
        try AtomicFile.write(SafeTensors.encode(entries(model.baseParameters), metadata: metadata), to: path)
    }

    public static func saveAdapters(_ model: VisionLanguageModel, to path: String) throws(EngineError) {
        guard let lora = model.blocks.first?.qkv.lora else {
            throw EngineError(.invalidInput, "the model has no adapters to save; call addAdapters first")
        }
        let metadata = [
            kindKey: "adapter", configKey: try encodeConfig(model.config), "format": "pt",
            rankKey: "\(lora.rank)", alphaKey: "\(lora.scale * Float(lora.rank))",
        ]
        try AtomicFile.write(SafeTensors.encode(entries(model.adapterParameters), metadata: metadata), to: path)
    }

    /// Loads a base model; its configuration comes from the file.
    public static func loadBase(from path: String) throws(EngineError) -> VisionLanguageModel {
        let file = try SafeTensors.decode(AtomicFile.read(path), source: path)
        try expectKind("base", file, path)
        let config = try decodeConfig(file, path)
        let model = try VisionLanguageModel(config: config, seed: 0)
        try assign(file, to: model.baseParameters, path)
        return model
    }

    /// Adds the adapters of `path` to `model` (replacing any it has) and freezes the base.
    public static func loadAdapters(into model: VisionLanguageModel, from path: String) throws(EngineError) {
        let file = try SafeTensors.decode(AtomicFile.read(path), source: path)
        try expectKind("adapter", file, path)
        let config = try decodeConfig(file, path)
        guard config == model.config else {
            throw EngineError(.checkpointMismatch, "\(path): adapters for \(config), the model is \(model.config)")
        }
        guard let rank = file.metadata[rankKey].flatMap(Int.init), rank >= 1,
              let alpha = file.metadata[alphaKey].flatMap(Float.init) else {
            throw EngineError(.corruptCheckpoint, "\(path): adapter file lacks a valid \(rankKey) or \(alphaKey)")
        }
        model.addAdapters(rank: rank, alpha: alpha, seed: 0)
        try assign(file, to: model.adapterParameters, path)
    }

    private static func entries(_ parameters: [Parameter]) -> [SafeTensors.Entry] {
        parameters.map { SafeTensors.Entry(name: $0.name, shape: $0.shape, values: $0.value.values) }
    }

    private static func assign(_ file: SafeTensors.File, to parameters: [Parameter], _ path: String) throws(EngineError) {
        let expected = Set(parameters.map(\.name))
        let unexpected = Set(file.tensors.keys).subtracting(expected).sorted()
        guard unexpected.isEmpty else {
            throw EngineError(.checkpointMismatch, "\(path): tensors this model does not have: \(unexpected.prefix(5).joined(separator: ", "))")
        }
        for parameter in parameters {
            guard let entry = file.tensors[parameter.name] else {
                throw EngineError(.checkpointMismatch, "\(path): tensor \"\(parameter.name)\" is missing")
            }
            guard entry.shape == parameter.shape else {
                throw EngineError(.checkpointMismatch, "\(path): tensor \"\(parameter.name)\" has shape \(entry.shape), the model needs \(parameter.shape)")
            }
            parameter.value.copy(from: entry.values)
        }
    }

    private static func expectKind(_ kind: String, _ file: SafeTensors.File, _ path: String) throws(EngineError) {
        guard file.metadata[kindKey] == kind else {
            throw EngineError(.checkpointMismatch, "\(path): expected a \(kind) checkpoint, found \(file.metadata[kindKey] ?? "no \(kindKey)")")
        }
    }

    private static func encodeConfig(_ config: ModelConfig) throws(EngineError) -> String {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: try encoder.encode(config), as: UTF8.self)
        } catch {
            throw EngineError(.invalidConfiguration, "cannot encode the model configuration: \(error)")
        }
    }

    private static func decodeConfig(_ file: SafeTensors.File, _ path: String) throws(EngineError) -> ModelConfig {
        guard let text = file.metadata[configKey] else {
            throw EngineError(.checkpointMismatch, "\(path): no \(configKey) in the metadata; not a TransferGrid checkpoint")
        }
        let config: ModelConfig
        do {
            config = try JSONDecoder().decode(ModelConfig.self, from: Data(text.utf8))
        } catch {
            throw EngineError(.corruptCheckpoint, "\(path): \(configKey) is not a model configuration: \(error)")
        }
        try config.validate()
        return config
    }
}
