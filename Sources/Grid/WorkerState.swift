/// A worker as the store records it: registered and heard from, or declared lost (silent past
/// the liveness timeout, or left). `status` adds "silent" for one recorded alive but not heard
/// from lately (a coordinator that stopped leaves its workers alive in the store).
public enum WorkerState: String, Sendable, CaseIterable {
    case alive, lost
}
