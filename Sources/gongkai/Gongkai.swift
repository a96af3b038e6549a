import ArgumentParser

/// `gongkai`: the operator's command line.
@main
struct Gongkai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "Check, query and export 政府信息公开工作年度报告 (government information-disclosure annual reports).",
        subcommands: [Check.self, Catalogue.self]
    )
}
