import CCmark
import Foundation

/// CommonMark → HTML through libcmark.
public enum Markdown {
    /// Raw HTML passes through (`CMARK_OPT_UNSAFE`): the report's own tables and sub/superscripts
    /// are HTML blocks. User strings never reach it unescaped (see `Escaping`), and the output passes `HTMLSanitizer`.
    public static func html(_ markdown: String) -> String {
        let bytes = Array(markdown.utf8)
        guard let out = cmark_markdown_to_html(bytes, bytes.count, CMARK_OPT_UNSAFE | CMARK_OPT_SMART) else {
            return ""
        }
        defer { free(out) }
        return HTMLSanitizer.clean(String(cString: out))
    }
}
