extension Duration {
    /// Whole milliseconds (the protocol's unit for leases, heartbeats and durations), negative
    /// durations as 0.
    public var wholeMilliseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1000 + UInt64(attoseconds / 1_000_000_000_000_000)
    }
}
