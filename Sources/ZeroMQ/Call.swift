internal import CZeroMQ

/// Runs one libzmq call that reports failure with a negative return value, turning the failure
/// into a typed `ZMQError` read from `zmq_errno()` right away. EINTR is retried unless the
/// caller asks otherwise (as swift-system's `valueOrErrno(retryOnInterrupt:)` does).
@inline(__always)
func zmqCall<R: SignedInteger>(
    _ operation: @autoclosure () -> String,
    retryOnInterrupt: Bool = true,
    _ body: () -> R
) throws(ZMQError) -> R {
    while true {
        let result = body()
        if result >= 0 { return result }
        let error = ZMQError.last(operation())
        if retryOnInterrupt && error.code == .interrupted { continue }
        throw error
    }
}
