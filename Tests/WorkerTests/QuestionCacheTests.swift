import Core
import Perception
import Testing
import Wire
@testable import Worker

@Suite struct QuestionCacheTests {
    /// A set is the generator's questions for its task version: versions never share a set.
    @Test func setsFollowTheTaskVersion() {
        let cache = QuestionCache(capacity: 4)
        let v1 = cache.questions(.forensicDetection, seed: 3, count: 4, version: 1, shift: .none)
        let v2 = cache.questions(.forensicDetection, seed: 3, count: 4, version: 2, shift: .none)
        for index in 0..<4 {
            #expect(v1[index].images == TaskGenerator.question(.forensicDetection, split: .evaluation, index: index, seed: 3).images)
            #expect(v2[index].images == TaskGenerator.question(.forensicDetection, split: .evaluation, index: index, seed: 3, version: 2).images)
            #expect(v1[index].images != v2[index].images && v1[index].answer == v2[index].answer)
        }
        // Asked again, each version gets its own set back.
        #expect(cache.questions(.forensicDetection, seed: 3, count: 4, version: 1, shift: .none).map(\.images) == v1.map(\.images))
    }
}
