import Foundation
import Testing
import Keys
import ZeroMQ

@Suite struct KeysTests {
    func folder() -> KeyDirectory {
        KeyDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)").path)
    }

    func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    @Test func authorizedListRoundTripsKeysHoldingHashSigns() throws {
        // Z85 keys may contain '#': only a line that starts with '#' is a comment.
        var keys: [CurveKey] = []
        for _ in 0..<200 where keys.count < 3 {
            let key = try CurveKeyPair.generate().publicKey
            if key.z85.contains("#") { keys.append(key) }
        }
        #expect(keys.count == 3, "no key with '#' in 200 tries")
        let hashKey = try CurveKey(z85: "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID")
        var list = AuthorizedKeys()
        list.authorize(hashKey, name: "first one")
        for (n, key) in keys.enumerated() { list.authorize(key, name: "w#\(n)") }
        let text = "  # a comment\n\n" + list.text + "   \n"
        let read = try AuthorizedKeys(text: text, file: "authorized_workers")
        #expect(read == list)
        #expect(read.name(of: hashKey) == "first one")
        #expect(read.name(of: keys[1]) == "w#1")
        var revoked = read
        #expect(revoked.revoke("w#1") == 1)
        #expect(revoked.revoke(hashKey.z85) == 1)
        #expect(revoked.revoke("nobody") == 0)
        #expect(revoked.entries.count == 2)
    }

    @Test func aBadLineIsNamedByNumber() {
        #expect {
            try AuthorizedKeys(text: "# header\nnot-a-key worker\n", file: "list")
        } throws: { ($0 as? KeyError)?.message.hasPrefix("list:2:") == true }
    }

    @Test func keyFilesArePrivateAndOpenOnesAreRefused() throws {
        let dir = folder()
        let coordinator = try dir.initCoordinator()
        #expect(mode(dir.coordinatorSecretFile) == 0o600)
        #expect(mode(dir.path) == 0o700)
        #expect(try dir.coordinatorKeys().publicKey == coordinator)
        #expect(throws: KeyError.self) { try dir.initCoordinator() }  // no silent replacement
        let worker = try dir.newWorker()
        var list = try dir.authorized()
        list.authorize(worker, name: "w")
        try dir.saveAuthorized(list)
        #expect(mode(dir.authorizedFile) == 0o600)
        #expect(try dir.authorized().name(of: worker) == "w")
        chmod(dir.coordinatorSecretFile, 0o644)
        #expect { try dir.coordinatorKeys() } throws: { ($0 as? KeyError)?.message.contains("chmod 600") == true }
    }
}
