/// Escaping for strings that come from a user (titles, spec values, paths, names) at the one
/// boundary of each output: HTML text and attributes, Markdown text, a pipe-table cell, a
/// relative URL. `HTMLSanitizer` then checks every page cmark produced, as a second line.
public enum Escaping {
    /// HTML text or a quoted attribute value. Line breaks become character references, so a
    /// user string can never put a blank line into an HTML block (which would end the block
    /// and turn the rest into live Markdown).
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Safe inside Markdown text and inside the HTML blocks the report emits.
    public static func markdown(_ s: String) -> String {
        let punctuation: Set<Character> = ["\\", "`", "*", "_", "[", "]", "!", "|", "~"]
        var escaped = ""
        for ch in s where !ch.isNewline {
            if punctuation.contains(ch) { escaped.append("\\") }
            escaped.append(ch)
        }
        return html(escaped)
    }

    /// A cell of a GitHub pipe table: Markdown-escaped (which escapes `|` too), one line.
    public static func pipeCell(_ s: String) -> String { markdown(s) }

    /// A relative URL from path components the tool joined: every byte outside the unreserved
    /// set and `/`, `#` is percent-encoded, so a name like `javascript:x` stays a relative path
    /// (`javascript%3Ax`) and no quote or space can end the attribute.
    public static func relativeURL(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~/#".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
