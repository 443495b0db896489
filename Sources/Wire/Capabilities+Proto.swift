internal import Core
internal import GridProto

extension Capabilities {
    init(proto p: Transfergrid__V1__Capabilities, at path: String) throws(WireError) {
        var kinds: [JobKind] = []
        for (index, kind) in ProtoField.elements(p.job_kinds, p.n_job_kinds).enumerated() {
            kinds.append(try JobKind(proto: kind, at: "\(path).job_kinds[\(index)]"))
        }
        var cached: [SHA256Digest] = []
        for (index, digest) in ProtoField.elements(p.cached_artifacts, p.n_cached_artifacts).enumerated() {
            cached.append(try ProtoField.digest(ProtoField.copy(digest), "\(path).cached_artifacts[\(index)]"))
        }
        var models: [ModelName] = []
        for (index, name) in ProtoField.elements(p.models, p.n_models).enumerated() {
            models.append(try ProtoField.modelName(name, "\(path).models[\(index)]"))
        }
        self.init(
            cores: try ProtoField.required(p.has_cores, p.cores, "\(path).cores"),
            memoryBytes: try ProtoField.required(p.has_memory_bytes, p.memory_bytes, "\(path).memory_bytes"),
            maxConcurrentJobs: try ProtoField.required(p.has_max_concurrent_jobs, p.max_concurrent_jobs, "\(path).max_concurrent_jobs"),
            blasThreads: try ProtoField.required(p.has_blas_threads, p.blas_threads, "\(path).blas_threads"),
            jobKinds: kinds,
            cachedArtifacts: cached,
            blasCore: try ProtoField.string(p.blas_core, "\(path).blas_core"),
            models: models)
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Capabilities> {
        let message = arena.message(transfergrid__v1__capabilities__init)
        message.pointee.has_cores = 1
        message.pointee.cores = cores
        message.pointee.has_memory_bytes = 1
        message.pointee.memory_bytes = memoryBytes
        message.pointee.has_max_concurrent_jobs = 1
        message.pointee.max_concurrent_jobs = maxConcurrentJobs
        message.pointee.has_blas_threads = 1
        message.pointee.blas_threads = blasThreads
        message.pointee.n_job_kinds = jobKinds.count
        message.pointee.job_kinds = arena.array(jobKinds.map(\.proto))
        message.pointee.n_cached_artifacts = cachedArtifacts.count
        message.pointee.cached_artifacts = arena.array(cachedArtifacts.map { arena.bytes($0.bytes) })
        message.pointee.blas_core = arena.string(blasCore)
        message.pointee.n_models = models.count
        message.pointee.models = arena.array(models.map { arena.string($0.rawValue) })
        return message
    }
}
