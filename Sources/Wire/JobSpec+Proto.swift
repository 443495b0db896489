internal import Core
internal import GridProto

extension JobSpec {
    init(proto p: Transfergrid__V1__JobSpec, at path: String) throws(WireError) {
        let source = try ProtoField.optional(p.has_source, p.source).map { (value) throws(WireError) in
            try PerceptionTask(proto: value, at: "\(path).source")
        }
        let target = try ProtoField.optional(p.has_target, p.target).map { (value) throws(WireError) in
            try PerceptionTask(proto: value, at: "\(path).target")
        }
        var inputs: [ArtifactRef] = []
        for (index, input) in ProtoField.elements(p.inputs, p.n_inputs).enumerated() {
            inputs.append(try ProtoField.message(input, "\(path).inputs[\(index)]") { (value) throws(WireError) in
                try ArtifactRef(proto: value, at: "\(path).inputs[\(index)]")
            })
        }
        var mixture: [PerceptionTask] = []
        for (index, task) in ProtoField.elements(p.mixture, p.n_mixture).enumerated() {
            mixture.append(try PerceptionTask(proto: task, at: "\(path).mixture[\(index)]"))
        }
        self.init(
            id: try ProtoField.string(p.job_id, "\(path).job_id"),
            gridHash: try ProtoField.digest(p.has_grid_hash, p.grid_hash, "\(path).grid_hash"),
            kind: try JobKind(proto: ProtoField.required(p.has_kind, p.kind, "\(path).kind"), at: "\(path).kind"),
            model: try ProtoField.modelName(p.model, "\(path).model"),
            seed: try ProtoField.required(p.has_seed, p.seed, "\(path).seed"),
            source: source,
            target: target,
            preset: try ProtoField.string(p.preset, "\(path).preset"),
            hyperparameters: try ProtoField.message(p.hyperparameters, "\(path).hyperparameters") { (value) throws(WireError) in
                try Hyperparameters(proto: value, at: "\(path).hyperparameters")
            },
            inputs: inputs,
            mixture: mixture,
            shuffledLabels: ProtoField.optional(p.has_shuffled_labels, p.shuffled_labels).map { $0 != 0 } ?? false,
            mixtureWeights: Array(ProtoField.elements(p.mixture_weights, p.n_mixture_weights)))
        if let base = p.given_base { givenBase = String(cString: base) }
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__JobSpec> {
        let message = arena.message(transfergrid__v1__job_spec__init)
        message.pointee.job_id = arena.string(id)
        message.pointee.has_grid_hash = 1
        message.pointee.grid_hash = arena.bytes(gridHash.bytes)
        message.pointee.has_kind = 1
        message.pointee.kind = kind.proto
        message.pointee.model = arena.string(model.rawValue)
        message.pointee.has_seed = 1
        message.pointee.seed = seed
        if let source {
            message.pointee.has_source = 1
            message.pointee.source = source.proto
        }
        if let target {
            message.pointee.has_target = 1
            message.pointee.target = target.proto
        }
        message.pointee.preset = arena.string(preset)
        if let givenBase { message.pointee.given_base = arena.string(givenBase) }
        message.pointee.hyperparameters = hyperparameters.proto(in: arena)
        message.pointee.n_inputs = inputs.count
        message.pointee.inputs = arena.array(inputs.map { Optional($0.proto(in: arena)) })
        message.pointee.n_mixture = mixture.count
        message.pointee.mixture = arena.array(mixture.map(\.proto))
        message.pointee.n_mixture_weights = mixtureWeights.count
        message.pointee.mixture_weights = arena.array(mixtureWeights)
        if shuffledLabels {
            message.pointee.has_shuffled_labels = 1
            message.pointee.shuffled_labels = 1
        }
        return message
    }
}
