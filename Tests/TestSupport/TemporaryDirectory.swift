import Foundation

/// A fresh folder under the system's temporary directory, removed by `remove()`.
public struct TemporaryDirectory {
    public let url: URL
    public init(_ label: String = "landscape-test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    public func remove() { try? FileManager.default.removeItem(at: url) }
    /// Every file below the folder (relative paths), to check nothing half-written is left.
    public func listing() -> [String] {
        (FileManager.default.enumerator(atPath: url.path)?.allObjects as? [String] ?? []).sorted()
    }
}

/// Every `href` and `src` value in an HTML text.
public func htmlReferences(_ html: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: #"(?:href|src)="([^"]+)""#)
    return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
        Range($0.range(at: 1), in: html).map { String(html[$0]) }
    }
}

/// Every `id="…"` of a page, in order (repeats kept, so a test can check they are unique).
public func htmlIDs(_ html: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: #"\sid="([^"]+)""#)
    return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
        Range($0.range(at: 1), in: html).map { String(html[$0]) }
    }
}

/// The references of the page at `page` that resolve to nothing: an in-page `#id` with no such id
/// on the page, or a relative path with no such file beside it.
public func unresolvedReferences(_ html: String, page: URL) -> [String] {
    let ids = Set(htmlIDs(html))
    return htmlReferences(html).filter { ref in
        if ref.hasPrefix("#") { return !ids.contains(String(ref.dropFirst())) }
        // Another page's anchor resolves only when that page has the id.
        let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
        let target = page.deletingLastPathComponent().appendingPathComponent(path).standardized
        guard FileManager.default.fileExists(atPath: target.path) else { return true }
        guard parts.count == 2, !parts[1].isEmpty, target.pathExtension == "html",
            let other = try? String(contentsOf: target, encoding: .utf8)
        else { return false }
        return !htmlIDs(other).contains(String(parts[1]))
    }
}

/// The `landscape` executable that `swift test` builds beside the test bundle.
public var landscapeExecutable: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("landscape")
}

/// The sanitizers' options of this process (make sanitize), for the clean environments of the
/// processes a test starts.
public var sanitizerOptions: [String: String] {
    ProcessInfo.processInfo.environment.filter { $0.key.hasSuffix("SAN_OPTIONS") }
}
