import Core
import Foundation
import Grid
import Logging
import Store

/// `--bases-from OTHER.db`: before a grid starts, its pretraining jobs that another store has
/// already run (same model, seed and pretraining settings: the same base, bit for bit) take
/// that store's checkpoint instead of pretraining again. The other store is only read; both
/// must be of one OpenBLAS kernel family (a base pretrained on another is another model).
enum BaseAdoption {
    /// Takes what can be taken and says, per base, what it did (taken, or why not) on stdout and
    /// in the coordinator's log: the same for `run` and `coordinator`.
    static func adopt(_ graph: JobGraph, into database: Store, from otherPath: String, logger: Logger) throws {
        for line in try lines(graph, into: database, from: otherPath) {
            print("--bases-from: " + line)
            logger.info("--bases-from: \(line)")
        }
    }

    /// One line per base: taken, or why not.
    private static func lines(_ graph: JobGraph, into database: Store, from otherPath: String) throws -> [String] {
        do {
            let (other, otherSpec) = try OtherStore.open(otherPath, for: "--bases-from", giving: "bases", besides: database)
            let pairs = graph.sharedPretraining(with: try JobGraph(spec: otherSpec))
            guard !pairs.isEmpty else {
                throw CLIError("\(otherPath) (grid \(otherSpec.name)) pretrains none of this grid's bases: models, seeds (or base_seed) "
                    + "or the pretrain stage differ; give the grid the same pretrain stage, or drop --bases-from")
            }
            try OtherStore.pinKernelFamily(of: other, at: otherPath, into: database, for: "--bases-from", giving: "bases")
            let ours = Dictionary(uniqueKeysWithValues: try database.jobs().map { ($0.id, $0) })
            let theirs = Dictionary(uniqueKeysWithValues: try other.jobs().map { ($0.id, $0) })
            let took = try other.jobTimes().took
            return try pairs.map { pair in
                let name = "\(pair.ours.model) seed \(pair.ours.seed)"
                if ours[pair.ours.id]?.state == .done { return "\(name): pretrained in this store already" }
                guard let row = theirs[pair.theirs.id], row.state == .done, let output = row.output else {
                    return "\(name): not done in \(otherPath); pretrained here"
                }
                let digest = output.digest, hex = digest.hex
                let ref = ArtifactRef(role: .baseCheckpoint, digest: digest, sizeBytes: output.sizeBytes)
                let loss = try other.finalLoss(of: pair.theirs.id) ?? .nan
                try database.adopt(job: pair.ours.id, artifact: ref, finalLoss: Float(loss), from: other.artifactPath(digest),
                                   took: took[pair.theirs.id])
                return "\(name): base \(hex.prefix(12)) taken from \(otherPath)"
            }
        } catch let error as StoreError {
            throw CLIError("--bases-from \(otherPath): \(error.message)")
        }
    }
}
