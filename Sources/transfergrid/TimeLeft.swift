import Foundation
import Grid
import Store

/// The seconds a grid has left (`RemainingTime`), from its store: for `run`'s progress display
/// and `status`, shared among the live workers' slots of `status`. Nil while unknown.
enum TimeLeft {
    static func of(_ graph: JobGraph, in store: Store, status: StoreStatus, now: Date = Date()) -> Double? {
        guard let times = try? store.jobTimes() else { return nil }
        let slots = status.liveSlots(at: now.timeIntervalSince1970)
        let elapsed = times.runningSince.mapValues { max(0, now.timeIntervalSince1970 - $0) }
        return RemainingTime(jobs: graph.jobs, took: times.took)
            .estimate(jobs: graph.jobs, finished: times.finished, elapsed: elapsed, slots: slots)
    }
}
