import ArgumentParser
import Foundation
import GongkaiCore

/// `gongkai`: the operator's command line.
@main
struct Gongkai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "Check, query and export 政府信息公开工作年度报告 (government information-disclosure annual reports).",
        version: GongkaiVersion.current,
        subcommands: [Check.self, List.self, Show.self, Stats.self, Export.self, Requeue.self, Status.self, Agencies.self, Report.self, Catalogue.self]
    )

    /// Runs the command, with the exit statuses operators script against: 0 success
    /// (all accepted), 1 a rejection, 2 a usage or I/O error with a one-line message.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("gongkai: \(message)\n".utf8))
            Foundation.exit(2)
        }
    }
}
