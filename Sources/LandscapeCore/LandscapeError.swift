/// The one error type the tool shows a user: a single line naming the file (when there is
/// one) and the problem. `description` is exactly what the command line prints.
public struct LandscapeError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String?
    public let problem: String

    public init(file: String? = nil, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String {
        if let file { return "\(file): \(problem)" }
        return problem
    }
}
