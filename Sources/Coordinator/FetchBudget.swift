internal import Core
internal import Wire

/// How many chunk bytes each peer may have been sent and not yet shown to have received: the
/// bound on what a worker that stops reading its socket (or floods FETCHes and never reads the
/// CHUNKs) can make the coordinator queue for it. A worker shows it received a chunk by asking
/// for the next one (the same artifact, at the offset after it) or, once an artifact is whole,
/// by asking for another; a FETCH at the same offset again (a retry after a lost chunk) shows
/// nothing. So a peer has at most `limit` bytes of chunks queued, however it behaves.
struct FetchBudget {
    struct Peer {
        var digest: SHA256Digest
        var nextOffset: UInt64
        var total: UInt64
        var unconfirmed: UInt64
    }

    /// Unconfirmed chunk bytes per peer: two of the largest chunks a worker may ask for.
    let limit: UInt64
    private(set) var peers: [[UInt8]: Peer] = [:]

    init(limit: UInt64 = 2 * UInt64(ArtifactFetch.maxChunkBytes)) {
        self.limit = limit
    }

    /// Whether `fetch` from `peer` may be answered with a chunk of `bytes` bytes out of an
    /// artifact of `total`; when it may, the chunk counts against the peer until confirmed.
    mutating func allow(_ fetch: ArtifactFetch, from peer: [UInt8], bytes: UInt64, total: UInt64) -> Bool {
        var state = peers[peer] ?? Peer(digest: fetch.digest, nextOffset: 0, total: 0, unconfirmed: 0)
        let continues = fetch.digest == state.digest && fetch.offset == state.nextOffset && fetch.offset > 0
        let nextArtifact = fetch.digest != state.digest && state.nextOffset >= state.total
        if continues || nextArtifact { state.unconfirmed = 0 }
        guard state.unconfirmed + bytes <= limit else { return false }
        state.digest = fetch.digest
        state.nextOffset = fetch.offset + bytes
        state.total = total
        state.unconfirmed += bytes
        peers[peer] = state
        return true
    }

    /// Forgets peers that are no longer registered.
    mutating func keep(only registered: (_ peer: [UInt8]) -> Bool) {
        peers = peers.filter { registered($0.key) }
    }
}
