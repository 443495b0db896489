/// A failure while running a command (a file that cannot be read, bad data in it), as opposed
/// to a bad argument: printed as "Error: ..." without the usage text.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
