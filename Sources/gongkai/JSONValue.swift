import Foundation
import GongkaiCore

/// A JSON value with ordered keys, rendered by hand so the output is stable
/// (keys in the documented order, UTF-8 text unescaped, integers without ".0").
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func from(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    static func from(_ i: Int?) -> JSONValue { i.map(JSONValue.int) ?? .null }
    static func from(_ i: Int64?) -> JSONValue { i.map { .int(Int($0)) } ?? .null }
    /// A vocabulary value (verdict, severity, policy, table, …) as its stored text.
    static func from<Value: RawRepresentable>(_ value: Value?) -> JSONValue where Value.RawValue == String {
        value.map { .string($0.rawValue) } ?? .null
    }

    var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite { out += d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) } else { out += "null" }
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.render(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += "," }
                Self.quote(key, into: &out)
                out += ":"
                value.render(into: &out)
            }
            out += "}"
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
