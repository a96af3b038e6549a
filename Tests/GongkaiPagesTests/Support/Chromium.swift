import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Debian's chromium, headless, as a subprocess with a deadline.
///
/// The command (Chromium 156 on bookworm):
///
///     chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
///              --no-default-browser-check --disable-extensions --user-data-dir=<fresh temp dir>
///              --dump-dom file:///…/page.html
///
/// `--headless` is the new headless mode (the whole browser); `--no-sandbox` because the tests
/// run as root in a container; `--disable-dev-shm-usage` because /dev/shm is small there; a
/// fresh `--user-data-dir` per run so parallel runs never share a profile lock. The process
/// runs in its own process group, which is killed whole when the deadline passes (chromium
/// forks zygote, GPU and renderer processes).
enum Chromium {
    /// The executable: `$GONGKAI_CHROMIUM`, else the first of chromium, chromium-browser,
    /// google-chrome on PATH.
    static let executable: String? = {
        if let path = ProcessInfo.processInfo.environment["GONGKAI_CHROMIUM"], access(path, X_OK) == 0 { return path }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in path.split(separator: ":") {
                let candidate = "\(dir)/\(name)"
                if access(candidate, X_OK) == 0 { return candidate }
            }
        }
        return nil
    }()

    /// Why browser tests cannot run here, or nil.
    static let skipReason: String? =
        executable == nil
        ? "chromium is not installed (apt-get install -y chromium, or set GONGKAI_CHROMIUM): the pages are not checked in a browser"
        : nil

    static let baseFlags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
    ]

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `html` to a temporary file and returns the DOM chromium built from it.
    static func dumpDOM(html: String, deadline: Double = 90) throws -> String {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = dir + "/page.html"
        try Data(html.utf8).write(to: URL(fileURLWithPath: page))
        let out = try run(baseFlags + ["--user-data-dir=\(dir)/profile", "--dump-dom", "file://\(page)"], in: dir, deadline: deadline)
        return out
    }

    /// Renders a page file to a PNG of the given window size.
    static func screenshot(page: String, png: String, width: Int = 1280, height: Int = 2400, deadline: Double = 120) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try run(
            baseFlags + ["--user-data-dir=\(dir)/profile", "--screenshot=\(png)", "--window-size=\(width),\(height)", "file://\(page)"],
            in: dir, deadline: deadline)
    }

    static func temporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/gongkai-pages-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure(description: "mkdtemp failed: errno \(errno)") }
        return String(cString: made)
    }

    /// Runs chromium with `arguments`; stdout and stderr go to files in `dir` (no pipe to
    /// fill up). Returns stdout; throws on a non-zero exit or when `deadline` seconds pass.
    static func run(_ arguments: [String], in dir: String, deadline: Double) throws -> String {
        guard let executable else { throw Failure(description: "chromium is not installed") }
        let outPath = dir + "/stdout"
        let errPath = dir + "/stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw Failure(description: "posix_spawn \(executable): \(String(cString: strerror(rc)))") }

        let end = Date().addingTimeInterval(deadline)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0, errno != EINTR { throw Failure(description: "waitpid: errno \(errno)") }
            if Date() > end {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw Failure(description: "chromium did not finish within \(Int(deadline)) s: \(arguments.joined(separator: " "))")
            }
            usleep(20_000)
        }
        // Helpers left in the group (none normally) go with it.
        kill(-pid, SIGKILL)
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            throw Failure(description: "chromium exited with status \(status): \(stderr.suffix(2000))")
        }
        return stdout
    }
}

/// The elements of a serialised DOM (chromium's `--dump-dom`), read without a parser
/// library: start tags with their attributes in document order, and the text.
struct DOM {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// Offset of the tag in the serialisation, for document order.
        var offset: Int

        var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }
    }

    var source: String
    var elements: [Element] = []

    init(_ source: String) {
        self.source = source
        let s = Array(source.unicodeScalars)
        var i = 0
        while i < s.count {
            guard s[i] == "<", i + 1 < s.count, s[i + 1].properties.isAlphabetic else {
                i += 1
                continue
            }
            var j = i + 1
            var name = ""
            while j < s.count, s[j] != " ", s[j] != ">", s[j] != "/", s[j] != "\n", s[j] != "\t" {
                name.unicodeScalars.append(s[j])
                j += 1
            }
            var attributes: [String: String] = [:]
            while j < s.count, s[j] != ">" {
                while j < s.count, s[j] == " " || s[j] == "\n" || s[j] == "\t" || s[j] == "/" { j += 1 }
                guard j < s.count, s[j] != ">" else { break }
                var attr = ""
                while j < s.count, s[j] != "=", s[j] != " ", s[j] != ">" {
                    attr.unicodeScalars.append(s[j])
                    j += 1
                }
                var value = ""
                if j < s.count, s[j] == "=" {
                    j += 1
                    if j < s.count, s[j] == "\"" || s[j] == "'" {
                        let quote = s[j]
                        j += 1
                        while j < s.count, s[j] != quote {
                            value.unicodeScalars.append(s[j])
                            j += 1
                        }
                        j += 1
                    } else {
                        while j < s.count, s[j] != " ", s[j] != ">" {
                            value.unicodeScalars.append(s[j])
                            j += 1
                        }
                    }
                }
                attributes[attr.lowercased()] = DOM.unescape(value)
            }
            elements.append(Element(name: name.lowercased(), attributes: attributes, offset: i))
            i = j + 1
        }
    }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    /// The page's text: tags removed (style and title content dropped), entities decoded.
    var text: String {
        var out = ""
        var inTag = false
        var skipping = false
        var tag = ""
        for ch in source {
            if inTag {
                if ch == ">" {
                    inTag = false
                    let lower = tag.lowercased()
                    if lower.hasPrefix("style") || lower.hasPrefix("title") { skipping = true }
                    if lower.hasPrefix("/style") || lower.hasPrefix("/title") { skipping = false }
                    out.append(" ")
                } else {
                    tag.append(ch)
                }
            } else if ch == "<" {
                inTag = true
                tag = ""
            } else if !skipping {
                out.append(ch)
            }
        }
        return DOM.unescape(out)
    }

    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "&", let semi = s[i...].prefix(12).firstIndex(of: ";") {
                let entity = String(s[s.index(after: i)..<semi])
                var decoded: String? = nil
                switch entity {
                case "amp": decoded = "&"
                case "lt": decoded = "<"
                case "gt": decoded = ">"
                case "quot": decoded = "\""
                case "apos": decoded = "'"
                case "nbsp": decoded = "\u{00A0}"
                default:
                    if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let v = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                        decoded = String(u)
                    } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) {
                        decoded = String(u)
                    }
                }
                if let decoded {
                    out += decoded
                    i = s.index(after: semi)
                    continue
                }
            }
            out.append(s[i])
            i = s.index(after: i)
        }
        return out
    }
}

/// A marked element as a page states it: which place, how, for which findings.
struct Mark: Hashable, Comparable, CustomStringConvertible {
    var table: String
    var row: String?
    var column: String?
    var cls: String
    var findings: String

    static func < (a: Mark, b: Mark) -> Bool { a.description < b.description }

    var description: String { "\(table) | \(row ?? "·") | \(column ?? "·") | \(cls) | [\(findings)]" }
}

extension DOM {
    /// Every element carrying `data-findings`, with the report section it is in (the
    /// nearest preceding `<details id="rN">`, nil on a reason page).
    func marks() -> [(report: String?, mark: Mark, element: Element)] {
        var out: [(String?, Mark, Element)] = []
        var report: String? = nil
        for e in elements {
            if e.name == "details", let id = e.attributes["id"] { report = id }
            guard let findings = e.attributes["data-findings"] else { continue }
            let cls = e.classes.filter { $0.hasPrefix("mark-") }.sorted().joined(separator: " ")
            out.append(
                (
                    report,
                    Mark(
                        table: e.attributes["data-table"] ?? "?", row: e.attributes["data-row"], column: e.attributes["data-column"],
                        cls: cls, findings: findings), e
                ))
        }
        return out
    }

    /// Elements with a `mark-*` class (each must carry `data-findings`).
    var markClassed: [Element] { elements.filter { $0.classes.contains { $0.hasPrefix("mark-") } } }
}
