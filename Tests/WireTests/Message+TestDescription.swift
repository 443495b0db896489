public import Testing
public import Wire

extension Message: CustomTestStringConvertible {
    /// Short names for parameterised test cases: the message as its description prints it
    /// (payload-free), cut to a line.
    public var testDescription: String {
        let text = String(describing: self)
        return text.count <= 160 ? text : String(text.prefix(157)) + "..."
    }
}
