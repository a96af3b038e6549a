import Foundation
import GongkaiCommandLine
import GongkaiCore
import Testing

/// `--version`, `--help` and the options both executables share, on the real binaries.
@Suite struct CommandLineTests {
    /// Runs `path` with `arguments` in an empty temporary directory (so a daemon that
    /// started by mistake would leave a `data` folder behind).
    static func run(_ path: String, _ arguments: [String]) throws -> (output: CLI.Output, leftovers: [String]) {
        let directory = NSTemporaryDirectory() + "gongkai-cli-version-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = try Subprocess.run(path, arguments, directory: directory)
        return (output, (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
    }

    @Test(arguments: ["gongkai", "gongkaid"])
    func versionIsPrintedOnStdoutWithStatus0(_ executable: String) throws {
        let (output, leftovers) = try Self.run(executable == "gongkai" ? CLI.gongkai : CLI.gongkaid, ["--version"])
        #expect(output.status == 0)
        #expect(output.stdout == GongkaiVersion.current + "\n")
        #expect(output.stderr.isEmpty, "\(output.stderr)")
        #expect(leftovers.isEmpty, "\(executable) --version touched the current directory: \(leftovers)")
    }

    @Test(arguments: ["gongkai", "gongkaid"])
    func helpIsPrintedOnStdoutWithStatus0(_ executable: String) throws {
        let (output, leftovers) = try Self.run(executable == "gongkai" ? CLI.gongkai : CLI.gongkaid, ["--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("USAGE: \(executable)"), "\(output.stdout)")
        #expect(output.stdout.contains("--version"))
        #expect(output.stderr.isEmpty, "\(output.stderr)")
        #expect(leftovers.isEmpty, "\(executable) --help touched the current directory: \(leftovers)")
    }

    /// The lines of a help text that describe `option` (its line and the wrapped ones after it).
    static func helpBlock(_ help: String, _ option: String) -> [String] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(option + " ") }) else { return [] }
        var block = [lines[start]]
        for line in lines[(start + 1)...] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("-") { break }
            block.append(line)
        }
        return block
    }

    /// `--root` and `--database` are declared once: the daemon and every query subcommand
    /// describe them with the same words and defaults.
    @Test func rootAndDatabaseAreDescribedAlikeByBothExecutables() throws {
        let daemon = try Self.run(CLI.gongkaid, ["--help"]).output.stdout
        for subcommand in ["list", "show", "stats", "export", "requeue", "status"] {
            let help = try Self.run(CLI.gongkai, [subcommand, "--help"]).output.stdout
            for option in ["--root <dir>", "--database <path>"] {
                let block = Self.helpBlock(help, option)
                #expect(!block.isEmpty, "gongkai \(subcommand) --help has no \(option):\n\(help)")
                #expect(block == Self.helpBlock(daemon, option), "gongkai \(subcommand) and gongkaid describe \(option) differently")
            }
        }
        #expect(Self.helpBlock(daemon, "--root <dir>").joined().contains("./\(DataRoot.defaultRoot)"))
    }

    /// The man pages are made from this (swift-argument-parser's generate-manual runs the
    /// executable with --experimental-dump-help): gongkaid's own main must let it through.
    @Test(arguments: ["gongkai", "gongkaid"])
    func toolInfoForTheManualIsDumped(_ executable: String) throws {
        let (output, leftovers) = try Self.run(executable == "gongkai" ? CLI.gongkai : CLI.gongkaid, ["--experimental-dump-help"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: output.stdoutBytes) as? [String: Any])
        let command = try #require(object["command"] as? [String: Any])
        #expect(command["commandName"] as? String == executable)
        #expect(leftovers.isEmpty)
    }

    /// An option wins over the configuration file, which wins over the default; relative
    /// paths are read against the current directory and lose their trailing slashes; the
    /// default database follows the root in force.
    @Test func optionsWinOverTheConfigurationFileWhichWinsOverTheDefaults() throws {
        let cwd = FileSystem.currentDirectory()
        let none = try DataRootOptions.parse([])
        #expect(none.resolved() == .init(root: cwd + "/data", database: cwd + "/data/state/gongkai.sqlite"))
        #expect(none.resolved(configured: .init(root: "/srv/gongkai/")) == .init(root: "/srv/gongkai", database: "/srv/gongkai/state/gongkai.sqlite"))
        #expect(none.resolved(configured: .init(root: "/srv/g", database: "/var/lib/g.sqlite")) == .init(root: "/srv/g", database: "/var/lib/g.sqlite"))
        let root = try DataRootOptions.parse(["--root", "here/"])
        #expect(root.resolved(configured: .init(root: "/srv/g")) == .init(root: cwd + "/here", database: cwd + "/here/state/gongkai.sqlite"))
        #expect(root.resolved(configured: .init(database: "/var/lib/g.sqlite")).database == "/var/lib/g.sqlite")
        let both = try DataRootOptions.parse(["--root", "/r", "--database", "db.sqlite"])
        #expect(both.resolved(configured: .init(root: "/srv/g", database: "/var/lib/g.sqlite")) == .init(root: "/r", database: cwd + "/db.sqlite"))
        #expect(both.resolved().path(of: .rejected) == "/r/rejected")
    }
}
