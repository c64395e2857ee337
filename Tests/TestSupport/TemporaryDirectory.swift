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
    return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { Range($0.range(at: 1), in: html).map { String(html[$0]) } }
}
