public import Core
public import Grid

extension Store {
    /// What `takeResults` took.
    public struct ResultsTaken: Sendable, Equatable {
        /// Jobs taken, by kind.
        public var taken: [JobKind: Int] = [:]
        /// This grid's jobs that the other grid runs the same way, and how many of the grid's.
        public var shared = 0
        public var total = 0
        /// Shared jobs this store had done already.
        public var doneHereAlready = 0
        /// The other store's grid.
        public var otherGrid = ""

        /// What was taken, in a line, `path` being the other store's.
        public func line(from path: String) -> String {
            let counts = JobKind.allCases.compactMap { kind in taken[kind].map { "\($0) \(kind)" } }
            return "\(counts.isEmpty ? "nothing" : counts.joined(separator: ", ")) taken from \(path) (grid \(otherGrid)); "
                + "\(shared) of this grid's \(total) jobs are the same there" + (doneHereAlready > 0 ? ", \(doneHereAlready) of them done here already" : "")
        }
    }

    /// `--results-from OTHER`: every job the store at `otherPath` has already run the same way
    /// (`JobGraph.sharedJobs`: same settings, same inputs) takes that store's output instead of
    /// running again: a training job its artifact (checked against its digest), an evaluation
    /// its cell, bit for bit what this grid would compute. The other store is only read; both
    /// must hold scores of one OpenBLAS kernel family.
    public func takeResults(for graph: JobGraph, from otherPath: String) throws(StoreError) -> ResultsTaken {
        let (other, otherSpec, pairs) = try shared(with: graph, from: otherPath, for: "--results-from", giving: "results",
                                                   pairing: { $0.sharedJobs(with: $1) },
                                           none: "runs none of this grid's jobs the same way: models, seeds or the pretrain stage differ; drop --results-from")
        let ours = Dictionary(uniqueKeysWithValues: try jobs().map { ($0.id, $0) })
        let theirs = Dictionary(uniqueKeysWithValues: try other.jobs().map { ($0.id, $0) })
        let cells = Dictionary(uniqueKeysWithValues: try other.evaluations().map { ($0.job, $0) })
        let took = try other.jobTimes().took
        var result = ResultsTaken(shared: pairs.count, total: graph.jobs.count, otherGrid: otherSpec.name)
        for pair in pairs {
            if ours[pair.ours.id]?.state == .done {
                result.doneHereAlready += 1
                continue
            }
            guard let row = theirs[pair.theirs.id], row.state == .done else { continue }
            switch pair.ours.kind {
            case .pretrain, .finetune:
                guard let output = row.output else { continue }
                try adoptOutput(output, role: pair.ours.kind == .pretrain ? .baseCheckpoint : .loraAdapter, of: pair.theirs.id,
                                 in: other, as: pair.ours.id, took: took[pair.theirs.id])
            case .evaluate:
                guard let cell = cells[pair.theirs.id] else { continue }
                try adopt(job: pair.ours.id, evaluation: cell, took: took[pair.theirs.id])
            case .noop:
                continue
            }
            result.taken[pair.ours.kind, default: 0] += 1
        }
        return result
    }
}
