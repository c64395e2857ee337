import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for fetch tests: serves fixed bodies by path, honours
/// `Range: bytes=N-` with 206, answers 404 otherwise, and records the requests it saw.
public final class LocalHTTPServer: @unchecked Sendable {
    public let port: UInt16
    private let socketFD: Int32
    private let files: [String: Data]
    private let lock = NSLock()
    private var seen: [String] = []
    private var thread: Thread?

    public init(files: [String: Data]) throws {
        self.files = files
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socketFD = socketFD
        var one: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) }
        }
        guard bound == 0, listen(socketFD, 16) == 0 else { throw NSError(domain: "LocalHTTPServer", code: Int(errno)) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        let port = UInt16(bigEndian: address.sin_port)
        self.port = port
        let thread = Thread { [weak self] in self?.serve() }
        self.thread = thread
        thread.start()
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Request lines and Range headers received so far.
    public var requests: [String] { lock.lock(); defer { lock.unlock() }; return seen }

    public func stop() { shutdown(socketFD, Int32(SHUT_RDWR)); close(socketFD) }

    private func serve() {
        while true {
            let client = accept(socketFD, nil, nil)
            if client < 0 { return }
            var buffer = [UInt8](repeating: 0, count: 8192)
            let n = recv(client, &buffer, buffer.count, 0)
            let request = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
            let lines = request.components(separatedBy: "\r\n")
            let path = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
            let range = lines.first { $0.lowercased().hasPrefix("range:") }
            lock.lock(); seen.append(path + (range.map { " " + $0 } ?? "")); lock.unlock()
            var head: String, body = Data()
            if let data = files[path] {
                if let range, let start = Int(range.split(separator: "=").last?.split(separator: "-").first ?? ""),
                    start < data.count
                {
                    body = data.subdata(in: start..<data.count)
                    head =
                        "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes \(start)-\(data.count - 1)/\(data.count)\r\n"
                } else {
                    body = data
                    head = "HTTP/1.1 200 OK\r\n"
                }
            } else {
                body = Data("not found".utf8)
                head = "HTTP/1.1 404 Not Found\r\n"
            }
            head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            var payload = Data(head.utf8); payload.append(body)
            payload.withUnsafeBytes { raw in
                var sent = 0
                while sent < raw.count {
                    let k = send(client, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                    if k <= 0 { break }
                    sent += k
                }
            }
            close(client)
        }
    }
}
