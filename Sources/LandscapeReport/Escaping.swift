/// Escaping for strings that come from a user (titles, spec values, paths) before they enter
/// Markdown that cmark turns into HTML: HTML-special characters become entities and Markdown
/// punctuation is backslash-escaped, so no user string can open a tag, a link or emphasis.
public enum Escaping {
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Safe inside Markdown text and inside the HTML blocks the report emits.
    public static func markdown(_ s: String) -> String {
        let punctuation: Set<Character> = ["\\", "`", "*", "_", "[", "]", "!", "|", "~"]
        var escaped = ""
        for ch in s where ch != "\n" && ch != "\r" {
            if punctuation.contains(ch) { escaped.append("\\") }
            escaped.append(ch)
        }
        return html(escaped)
    }
}
