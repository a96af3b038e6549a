import GongkaiCore
import GongkaiStore

/// Rejections the daemon makes about the file itself, before (or besides) the engine.
///
/// They are stored as findings with their own codes, so the reason file and the database
/// treat them like the engine's.
enum DaemonFinding: Sendable {
    case notRegular(FileKind)
    case hardLinked(UInt64)
    case empty
    case tooLarge(Int64, Int64)
    case unreadable(String)
    case nameNotUTF8
    /// The daemon died this many times while evaluating the file (a poison file).
    case unsafe(Int)
    /// The evaluation ran past its time budget (seconds) and was abandoned.
    case overBudget(Int)

    /// The problems visible from a stat alone (checked before the file is opened).
    static func check(_ sample: StatSample, maxBytes: Int64) -> DaemonFinding? {
        if sample.fileType != .regular { return .notRegular(sample.fileType) }
        if sample.links > 1 { return .hardLinked(sample.links) }
        if sample.size > maxBytes { return .tooLarge(sample.size, maxBytes) }
        if sample.size == 0 { return .empty }
        return nil
    }

    /// The value of `reports.rejection`.
    var rejection: RejectionCause {
        switch self {
        case .notRegular: .notRegular
        case .hardLinked: .hardLink
        case .empty: .empty
        case .tooLarge: .tooLarge
        case .unreadable: .unreadable
        case .nameNotUTF8: .nameNotUTF8
        case .unsafe: .unsafe
        case .overBudget: .overBudget
        }
    }

    var finding: FindingInput {
        switch self {
        case .notRegular(let kind):
            let zh: String =
                switch kind {
                case .symlink: "符号链接"
                case .fifo: "命名管道（FIFO）"
                case .socket: "套接字"
                case .characterDevice, .blockDevice: "设备文件"
                case .directory: "文件夹"
                default: "特殊文件"
                }
            return FindingInput(
                code: DaemonFindingCode.fileNotRegular.rawValue, severity: .error, expected: "a regular file", actual: kind.rawValue,
                messageZH: "不是普通文件（\(zh)），未打开也未跟随。请上传文件本身。",
                messageEN: "Not a regular file (\(kind.rawValue)); it was neither opened nor followed. Upload the file itself.")
        case .hardLinked(let links):
            return FindingInput(
                code: DaemonFindingCode.fileHardLinked.rawValue, severity: .error, expected: "1 link", actual: "\(links) links",
                messageZH: "文件有 \(links) 个硬链接，出于安全原因未读取。请复制文件后再上传。",
                messageEN: "The file is hard-linked (\(links) links) and was not read, for safety. Upload a copy instead.")
        case .empty:
            return FindingInput(
                code: DaemonFindingCode.fileEmpty.rawValue, severity: .error, expected: "content", actual: "0 bytes",
                messageZH: "文件为空（0 字节）。", messageEN: "The file is empty (0 bytes).")
        case .tooLarge(let size, let limit):
            return FindingInput(
                code: DaemonFindingCode.fileTooLarge.rawValue, severity: .error, expected: "at most \(limit) bytes", actual: "\(size) bytes",
                messageZH: "文件过大（\(size) 字节，上限 \(limit) 字节），未读取。",
                messageEN: "The file is too large (\(size) bytes, limit \(limit)) and was not read.")
        case .unreadable(let why):
            return FindingInput(
                code: DaemonFindingCode.fileUnreadable.rawValue, severity: .error, expected: "a readable file", actual: why,
                messageZH: "文件无法打开（\(why)）。", messageEN: "The file could not be opened (\(why)).")
        case .unsafe(let deaths):
            return FindingInput(
                code: DaemonFindingCode.fileUnsafe.rawValue, severity: .error, expected: "an evaluation that completes",
                actual: "the daemon stopped \(deaths) times while evaluating it",
                messageZH: "该文件无法被安全处理：检查程序在处理它时已 \(deaths) 次意外中止，为保护服务不再重试。请另存为 DOCX、PDF 或纯文本后重新上传，或联系管理员。",
                messageEN:
                    "The file could not be processed safely: the checker stopped \(deaths) times while evaluating it, so it is not tried again. Save it again as DOCX, PDF or plain text and upload it, or ask the administrator."
            )
        case .overBudget(let seconds):
            return FindingInput(
                code: DaemonFindingCode.fileOverBudget.rawValue, severity: .error, expected: "an evaluation within \(seconds) s",
                actual: "still running after \(seconds) s",
                messageZH: "该文件处理超时（超过 \(seconds) 秒），未能得出结论。请检查文件是否完整，另存后重新上传，或联系管理员。",
                messageEN:
                    "Checking the file took longer than \(seconds) s and was abandoned. Check that the file is complete, save it again and upload it, or ask the administrator."
            )
        case .nameNotUTF8:
            return FindingInput(
                code: DaemonFindingCode.fileNameNotUTF8.rawValue, severity: .error, expected: "a UTF-8 file name", actual: "invalid UTF-8",
                messageZH: "文件名不是有效的 UTF-8 编码，请改用规范的文件名重新上传。",
                messageEN: "The file name is not valid UTF-8; rename the file and upload it again.")
        }
    }
}
