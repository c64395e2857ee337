import Foundation
import LandscapeCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP GET written to a file as it arrives, so a 346 MB checkpoint never sits in memory
/// and a long download shows progress (in 5% steps, for files of 10 MB or more). A 206 answer
/// to a Range request appends to the file; a 200 starts it over; any other status is returned
/// without touching the file.
final class StreamingDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let file: URL
    private let resumeFrom: Int
    private let label: String
    private var handle: FileHandle?
    private var status = 0, accepted = false
    private var expected: Int64 = 0, received: Int64 = 0, steps = 0
    private var progress: ProgressReporter?
    private var failure: Error?
    private var continuation: CheckedContinuation<Int, Error>?
    private let lock = NSLock()
    static let byteLimit: Int64 = 2 << 30

    private init(file: URL, resumeFrom: Int, label: String) {
        self.file = file
        self.resumeFrom = resumeFrom
        self.label = label
    }

    /// Runs `request`, writing the body into `file`. Returns the HTTP status; throws on a
    /// transport failure (refused connection, reset, unwritable file).
    static func run(_ request: URLRequest, into file: URL, resumeFrom: Int, label: String) async throws -> Int {
        let download = StreamingDownload(file: file, resumeFrom: resumeFrom, label: label)
        let session = URLSession(configuration: .default, delegate: download, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await withCheckedThrowingContinuation { continuation in
            download.continuation = continuation
            session.dataTask(with: request).resume()
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        lock.lock(); defer { lock.unlock() }
        status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let length = max(response.expectedContentLength, 0)
        do {
            switch status {
            case 206 where resumeFrom > 0:
                handle = try FileHandle(forWritingTo: file)
                try handle?.seekToEnd()
                received = Int64(resumeFrom)
                expected = received + length
            case 200:
                guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                    throw LandscapeError(file: file.path, "cannot write the download")
                }
                handle = try FileHandle(forWritingTo: file)
                expected = length
            default:
                completionHandler(.cancel)
                return
            }
        } catch {
            failure = error
            completionHandler(.cancel)
            return
        }
        if expected >= 10_000_000 { progress = ProgressReporter(total: 20, label: label) }
        accepted = true
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock(); defer { lock.unlock() }
        guard failure == nil, let handle else { return }
        // A server may send more than it announced, or announce nothing and never stop: the
        // stream is cut at the announced length, and at 2 GiB (the largest file fetched is 346 MB).
        let limit = expected > 0 ? expected : Self.byteLimit
        guard received + Int64(data.count) <= limit else {
            failure = LandscapeError(
                file: file.path,
                "the server sent more than \(expected > 0 ? "the \(expected) bytes it announced" : "\(Self.byteLimit) bytes"); download refused"
            )
            dataTask.cancel()
            return
        }
        do { try handle.write(contentsOf: data) } catch { failure = error; dataTask.cancel(); return }
        received += Int64(data.count)
        guard let progress, expected > 0 else { return }
        while steps < min(20, Int(20 * received / expected)) {
            steps += 1
            progress.step(String(format: "%.1f of %.1f MB", Double(received) / 1e6, Double(expected) / 1e6))
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.lock()
        try? handle?.close()
        handle = nil
        let continuation = self.continuation, status = self.status, failure = self.failure, accepted = self.accepted
        self.continuation = nil
        lock.unlock()
        if let failure { continuation?.resume(throwing: failure); return }
        // A status we refused ends as a cancelled task: that is an answer, not a failure.
        if let error, accepted || status == 0 {
            continuation?.resume(throwing: error)
        } else {
            continuation?.resume(returning: status)
        }
    }
}
