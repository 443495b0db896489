internal import Hashing
internal import Foundation
internal import GRDB
public import Core
internal import Grid
extension Store {
    /// Takes a training job's artifact from a file made elsewhere (another store's copy of the
    /// same job): the file is copied beside the store's artifacts and kept only if it hashes to
    /// `ref.digest`; then the job is recorded done with it, in one transaction. A crash before
    /// the transaction leaves at most an unreferenced file; the job stays pending. `took`: the
    /// seconds the job took in the other store, if it knows.
    public func adopt(job: String, artifact ref: ArtifactRef, finalLoss: Float, from file: String, took: Double? = nil) throws(StoreError) {
        let target = artifactPath(ref.digest)
        if !FileManager.default.fileExists(atPath: target) {
            do {
                try FileManager.default.createDirectory(atPath: artifactDirectory, withIntermediateDirectories: true)
            } catch {
                throw StoreError(.cannotOpen, "cannot store the artifact in \(artifactDirectory): \(error)")
            }
            try Self.copyChecked(file, to: target, digest: ref.digest, size: Int64(ref.sizeBytes))
        }
        let now = Date().timeIntervalSince1970
        try apply([.artifact(job: job, ref: ref, finalLoss: finalLoss, at: now),
                   .jobState(job: job, state: .done, attempts: 0, failure: nil, at: now)] + Self.tookElsewhere(job, took))
    }

    /// A training job's final loss, as its worker reported it.
    public func finalLoss(of job: String) throws(StoreError) -> Double? {
        try read { db in try Double.fetchOne(db, sql: "SELECT final_loss FROM jobs WHERE id = ?", arguments: [job]) }
    }
}

extension Store {
    /// Takes an evaluation's cell from another store's copy of the same job: its counts and
    /// correctness bits, recorded as attempt 0 of the worker that ran it there, and the job done,
    /// in one transaction. `took`: the seconds the job took in the other store, if it knows.
    public func adopt(job: String, evaluation cell: StoredEvaluation, took: Double? = nil) throws(StoreError) {
        let now = Date().timeIntervalSince1970
        let bits: CorrectnessBits
        do { bits = try CorrectnessBits(packed: cell.correctness, count: cell.total) } catch {
            throw StoreError(.corrupt, "\(cell.job): its correctness bits do not hold \(cell.total) answers (\(error)); nothing was taken")
        }
        guard bits.correctCount == cell.correct else {
            throw StoreError(.corrupt, "\(cell.job): \(cell.correct) correct recorded but its bits say \(bits.correctCount); nothing was taken")
        }
        try apply([.evaluation(job: job, attempt: 0, worker: cell.worker, correctness: bits, durationMs: 0, at: now),
                   .jobState(job: job, state: .done, attempts: 0, failure: nil, at: now)] + Self.tookElsewhere(job, took))
    }

    private static func tookElsewhere(_ job: String, _ seconds: Double?) -> [StoreWrite] {
        seconds.map { [.tookElsewhere(job: job, seconds: $0)] } ?? []
    }
}
