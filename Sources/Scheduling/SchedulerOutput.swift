public import Grid
public import Wire

/// What the scheduler asks its shell to do. The shell commits every `store` write of a turn
/// in one transaction before it sends any message of that turn, so an ACK never precedes the
/// commit it reports.
public enum SchedulerOutput: Sendable, Equatable {
    case send(to: [UInt8], Message)
    case store(StoreWrite)
    /// A line for the log, and what it is about (`job.id`, `worker.id`) as metadata.
    case log(String, metadata: [String: String] = [:])
    /// A message refused (a result or failure for an attempt the sender was never given, a job
    /// that does not exist): logged at a bounded rate per `kind`, since anyone can send these.
    case refused(kind: String, String)
}
