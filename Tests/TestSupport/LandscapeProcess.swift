import Foundation

/// What a run of the `landscape` executable did.
public struct LandscapeOutcome {
    public let status: Int32
    /// The process ended on a signal (a Swift trap is SIGILL or SIGTRAP).
    public let signalled: Bool
    public let stdout: String
    public let stderr: String

    /// stderr's lines that are not progress bars or log lines.
    public var errorLines: [String] { stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("error:") } }
}

/// Runs `landscape args…` in `directory`, with HOME set there (an empty cache) unless given.
public func runLandscape(
    _ arguments: [String], in directory: URL, environment extra: [String: String] = [:]
) throws -> LandscapeOutcome {
    let p = Process()
    p.executableURL = landscapeExecutable
    p.arguments = arguments
    p.currentDirectoryURL = directory
    var environment = [
        "HOME": directory.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        "SWIFT_BACKTRACE": "enable=no",
    ].merging(sanitizerOptions) { $1 }
    environment.merge(extra) { $1 }
    p.environment = environment
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return LandscapeOutcome(
        status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal,
        stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// Every `<script>`, `on…=` attribute and `javascript:`/`data:`/`vbscript:` URL in an HTML page,
/// found by Python's own HTML parser (an independent reading of the page).
public func liveScript(inHTML file: URL) throws -> [String] {
    let checker = """
        import html.parser, sys
        class C(html.parser.HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True); self.found = []
            def handle_starttag(self, tag, attrs):
                if tag in ("script", "iframe", "object", "embed", "svg", "math", "style", "base", "form"):
                    self.found.append("tag " + tag)
                for k, v in attrs:
                    if k.startswith("on"): self.found.append("attribute " + k)
                    if k in ("href", "src", "action", "formaction", "xlink:href") and v is not None:
                        s = "".join(ch for ch in v if ord(ch) > 32).lower()
                        if s.startswith(("javascript:", "data:", "vbscript:")): self.found.append(k + " " + v)
        c = C(); c.feed(open(sys.argv[1], encoding="utf-8").read()); print("\\n".join(c.found))
        """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", checker, file.path]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw NSError(domain: "liveScript", code: Int(p.terminationStatus)) }
    return text.split(separator: "\n").map(String.init)
}
