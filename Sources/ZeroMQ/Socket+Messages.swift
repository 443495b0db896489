internal import CZeroMQ

/// One part of a ZeroMQ message.
public typealias Frame = [UInt8]

extension Socket {
    /// Sends a multipart message. ZeroMQ delivers all parts or none.
    ///
    /// - Parameter dontWait: fail with `.again` instead of blocking when the queue is full.
    /// - Throws: `.hostUnreachable` from a ROUTER with `routerMandatory` when the first frame
    ///   names a peer that is not connected; `.again` on a full queue or a send timeout.
    public func send(_ frames: [Frame], dontWait: Bool = false) throws(ZMQError) {
        precondition(!frames.isEmpty, "a ZeroMQ message has at least one frame")
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
            if index < frames.count - 1 { flags |= ZMQ_SNDMORE }
            try send(frame, flags: flags)
        }
    }

    /// Sends one frame; `more` marks that further parts of the same message follow.
    public func send(_ frame: Frame, more: Bool = false, dontWait: Bool = false) throws(ZMQError) {
        try send(frame, flags: (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0))
    }

    private func send(_ frame: Frame, flags: Int32) throws(ZMQError) {
        _ = try zmqCall("zmq_msg_init_size(\(frame.count))") { zmq_msg_init_size(message, frame.count) }
        frame.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress, bytes.count > 0 {
                zmq_msg_data(message).copyMemory(from: base, byteCount: bytes.count)
            }
        }
        do {
            // On success libzmq owns the message and leaves ours empty.
            _ = try zmqCall("zmq_msg_send(\(frame.count) bytes)") { zmq_msg_send(message, handle, flags) }
        } catch {
            zmq_msg_close(message)
            throw error
        }
    }

    /// Receives one whole multipart message.
    ///
    /// - Parameter dontWait: return `nil` at once when no message is queued, instead of blocking.
    /// - Returns: the frames, or `nil` when `dontWait` is set and nothing is queued.
    /// - Throws: `.again` when a receive timeout (`.receiveTimeout`) expires, `.terminated`
    ///   when the context is shutting down.
    public func receive(dontWait: Bool = false) throws(ZMQError) -> [Frame]? {
        var frames: [Frame] = []
        var more = true
        while more {
            // Later parts of a message are already queued: only the first may block.
            let flags: Int32 = (dontWait && frames.isEmpty) ? ZMQ_DONTWAIT : 0
            let frame: Frame
            do {
                (frame, more) = try receiveFrame(flags: flags)
            } catch where error.code == .again && dontWait && frames.isEmpty {
                return nil
            }
            frames.append(frame)
        }
        return frames
    }

    /// Receives one whole multipart message, blocking until it comes (or a timeout expires).
    public func receive() throws(ZMQError) -> [Frame] {
        // `receive(dontWait: false)` never returns nil.
        guard let frames = try receive(dontWait: false) else {
            throw ZMQError(code: .again, operation: "zmq_msg_recv")
        }
        return frames
    }

    /// Receives one frame into a new array and tells whether more parts follow.
    private func receiveFrame(flags: Int32) throws(ZMQError) -> (Frame, more: Bool) {
        _ = zmq_msg_init(message)
        defer { zmq_msg_close(message) }
        _ = try zmqCall("zmq_msg_recv") { zmq_msg_recv(message, handle, flags) }
        let size = zmq_msg_size(message)
        let data = zmq_msg_data(message)
        let frame = Frame(unsafeUninitializedCapacity: size) { buffer, count in
            if size > 0, let data, let base = buffer.baseAddress {
                base.update(from: data.assumingMemoryBound(to: UInt8.self), count: size)
            }
            count = size
        }
        return (frame, zmq_msg_more(message) != 0)
    }
}
