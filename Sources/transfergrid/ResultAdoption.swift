import Core
import Foundation
import Grid
import Logging
import Store

/// `--results-from OTHER.db`: before a grid starts, every job another store has already run
/// the same way (`JobGraph.sharedJobs`: same settings, same inputs) takes that store's output
/// instead of running again: a training job its artifact, an evaluation its cell, bit for bit
/// what this grid would compute. The other store is only read; both must hold scores of one
/// OpenBLAS kernel family.
enum ResultAdoption {
    static func adopt(_ graph: JobGraph, into database: Store, from otherPath: String, logger: Logger) throws {
        let line = try summary(graph, into: database, from: otherPath)
        print("--results-from: " + line)
        logger.info("--results-from: \(line)")
    }

    private static func summary(_ graph: JobGraph, into database: Store, from otherPath: String) throws -> String {
        do {
            let (other, otherSpec) = try OtherStore.open(otherPath, for: "--results-from", giving: "results", besides: database)
            let pairs = graph.sharedJobs(with: try JobGraph(spec: otherSpec))
            guard !pairs.isEmpty else {
                throw CLIError("\(otherPath) (grid \(otherSpec.name)) runs none of this grid's jobs the same way: models, seeds "
                    + "or the pretrain stage differ; drop --results-from")
            }
            try OtherStore.pinKernelFamily(of: other, at: otherPath, into: database, for: "--results-from", giving: "results")
            let ours = Dictionary(uniqueKeysWithValues: try database.jobs().map { ($0.id, $0) })
            let theirs = Dictionary(uniqueKeysWithValues: try other.jobs().map { ($0.id, $0) })
            let cells = Dictionary(uniqueKeysWithValues: try other.evaluations().map { ($0.job, $0) })
            let took = try other.jobTimes().took
            var taken: [JobKind: Int] = [:], already = 0
            for pair in pairs {
                if ours[pair.ours.id]?.state == .done { already += 1; continue }
                guard let row = theirs[pair.theirs.id], row.state == .done else { continue }
                switch pair.ours.kind {
                case .pretrain, .finetune:
                    guard let output = row.output else { continue }
                    let role: ArtifactRef.Role = pair.ours.kind == .pretrain ? .baseCheckpoint : .loraAdapter
                    let digest = output.digest
                    let ref = ArtifactRef(role: role, digest: digest, sizeBytes: output.sizeBytes)
                    let loss = try other.finalLoss(of: pair.theirs.id) ?? .nan
                    try database.adopt(job: pair.ours.id, artifact: ref, finalLoss: Float(loss), from: other.artifactPath(digest),
                                       took: took[pair.theirs.id])
                case .evaluate:
                    guard let cell = cells[pair.theirs.id] else { continue }
                    try database.adopt(job: pair.ours.id, evaluation: cell, took: took[pair.theirs.id])
                case .noop:
                    continue
                }
                taken[pair.ours.kind, default: 0] += 1
            }
            let counts = JobKind.allCases.compactMap { kind in taken[kind].map { "\($0) \(kind)" } }
            return "\(counts.isEmpty ? "nothing" : counts.joined(separator: ", ")) taken from \(otherPath) (grid \(otherSpec.name)); "
                + "\(pairs.count) of this grid's \(graph.jobs.count) jobs are the same there"
                + (already > 0 ? ", \(already) of them done here already" : "")
        } catch let error as StoreError {
            throw CLIError("--results-from \(otherPath): \(error.message)")
        }
    }
}
