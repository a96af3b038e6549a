/// The national template a report follows.
///
/// The General Office of the State Council fixed the format twice: a trial format in
/// 2019 (国办公开办函〔2019〕60号, report years 2019–2020) and a revised one in 2021
/// (国办公开办函〔2021〕30号, report years 2021 on). They differ in Table 2 and in
/// Table 3 row （六）.
public enum TemplateVersion: String, Sendable, Codable, Hashable, CaseIterable {
    case v2019 = "2019"
    case v2021 = "2021"

    /// The template that applies to a report year.
    public static func expected(forYear year: Int) -> TemplateVersion {
        year >= 2021 ? .v2021 : .v2019
    }
}
