/// The version of this TransferGrid build, announced by workers in READY.
public enum SoftwareVersion {
    public static let current = "0.1.0"
}
