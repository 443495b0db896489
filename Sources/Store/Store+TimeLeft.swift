internal import Foundation
public import Grid

extension Store {
    /// The seconds `graph` has left (`RemainingTime`) from this store's job times, shared among
    /// the live workers' slots of `status`: for `run`'s progress display and `status`. Nil
    /// while unknown. `now`: seconds since 1970.
    public func timeLeft(of graph: JobGraph, status: StoreStatus, now: Double) -> Double? {
        guard let times = try? jobTimes() else { return nil }
        let slots = status.liveSlots(at: now)
        let elapsed = times.runningSince.mapValues { max(0, now - $0) }
        return RemainingTime(jobs: graph.jobs, took: times.took)
            .estimate(jobs: graph.jobs, finished: times.finished, elapsed: elapsed, slots: slots)
    }
}
