public import Wire

extension WorkerInstance {
    /// The worker's identity, what it announces, and its timing; times are milliseconds.
    public struct Settings: Sendable {
        public var workerID: String
        public var host: String
        public var capabilities: Capabilities
        public var heartbeatInterval: UInt64 = 1000
        public var coordinatorTimeout: UInt64 = 4000
        /// READY is repeated after this long, doubled after each try up to `readyBackoffMax`.
        public var readyBackoff: UInt64 = 250
        public var readyBackoffMax: UInt64 = 4000
        public var resendInterval: UInt64 = 5000
        public var fetchTimeout: UInt64 = 5000
        public var chunkBytes: UInt32 = 1 << 20
        public var maxFetches = 3
        /// No artifact of a grid comes near this; a larger announced size is refused.
        public var maxArtifactBytes: UInt64 = 1 << 30
        public var exitWhenComplete = true
        public var stopGrace: UInt64 = 2000
        /// The worker takes no job while its cache's disk has fewer bytes free (it announces 0
        /// slots until it has them again).
        public var minimumFreeBytes: UInt64 = 64 << 20
        /// This process's incarnation, in every READY (`Ready.incarnation`).
        public var incarnation = UInt64.random(in: 1...UInt64.max)

        public init(workerID: String, host: String, capabilities: Capabilities) {
            self.workerID = workerID
            self.host = host
            self.capabilities = capabilities
        }
    }
}
