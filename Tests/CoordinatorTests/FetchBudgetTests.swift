import Core
import Hashing
import Testing
import Wire
@testable import Coordinator

/// The bound on chunk bytes queued for a worker that does not read them.
@Suite struct FetchBudgetTests {
    let peer = Array("w1".utf8)
    let a = SHA256Digest.of("artifact a"), b = SHA256Digest.of("artifact b")
    let mib: UInt64 = 1 << 20

    func fetch(_ digest: SHA256Digest, _ offset: UInt64) -> ArtifactFetch {
        ArtifactFetch(digest: digest, offset: offset, maxBytes: UInt32(mib))
    }

    /// A worker that reads: chunk after chunk of a large artifact, then the next artifact,
    /// each FETCH showing the previous chunk arrived; never refused.
    @Test func aWorkerThatReadsIsNeverHeldBack() {
        var budget = FetchBudget(limit: 2 * mib)
        var refused = 0
        for n in 0..<20 where !budget.allow(fetch(a, UInt64(n) * mib), from: peer, bytes: mib, total: 20 * mib) { refused += 1 }
        for n in 0..<5 where !budget.allow(fetch(b, UInt64(n) * mib), from: peer, bytes: mib, total: 5 * mib) { refused += 1 }
        #expect(refused == 0)
    }

    /// FETCHes that show nothing received (the same offset again, or any offset out of turn)
    /// are answered only up to the limit; the next in-turn FETCH opens it again.
    @Test func aFloodOfFetchesIsAnsweredOnlyUpToTheLimit() {
        var budget = FetchBudget(limit: 2 * mib)
        let served = (0..<10_000).filter { _ in budget.allow(fetch(a, 0), from: peer, bytes: mib, total: 8 * mib) }.count
        #expect(served == 2)
        let outOfTurn = budget.allow(fetch(a, 5 * mib), from: peer, bytes: mib, total: 8 * mib)
        #expect(!outOfTurn)
        let next = budget.allow(fetch(a, mib), from: peer, bytes: mib, total: 8 * mib)
        #expect(next, "the next chunk: the last one arrived")
        let other = budget.allow(fetch(a, 0), from: Array("w2".utf8), bytes: mib, total: 8 * mib)
        #expect(other, "another worker is not held back")
        budget.keep { $0 == Array("w2".utf8) }
        #expect(budget.peers.count == 1)
    }
}
