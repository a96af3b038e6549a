/// The version both executables print for `--version`, and the one the CHANGELOG names.
public enum GongkaiVersion {
    public static let current = "0.10.0"
}
