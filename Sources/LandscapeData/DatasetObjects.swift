import Foundation
import LandscapeCore

/// What a `DatasetReader` found, before labels are mapped to 0…K−1 and values normalised: the
/// one intermediate form of every on-disk format, built-in or declared.
public struct DatasetObjects: Sendable {
    /// One thing wrong with a file, where it is ("line 12", "index 40", a file name).
    public struct Problem: Sendable, CustomStringConvertible {
        public let location: String
        public let message: String
        /// Whether the data cannot be used at all (a warning otherwise, such as a class with one object).
        public let fatal: Bool
        public var description: String { "\(location): \(message)" }

        public init(location: String, message: String, fatal: Bool) {
            self.location = location
            self.message = message
            self.fatal = fatal
        }
    }

    /// count × features, row-major: bytes 0–255 (pixels; normalised as the paper's) or any reals.
    public enum Values: Sendable, Equatable {
        case bytes([UInt8])
        case reals([Double])

        public var count: Int {
            switch self {
            case let .bytes(b): b.count
            case let .reals(r): r.count
            }
        }

        /// Every value as a Double.
        public var reals: [Double] {
            switch self {
            case let .bytes(b): b.map(Double.init)
            case let .reals(r): r
            }
        }
    }

    public var values: Values
    /// Each object's label as the file spells it ("7", "cat").
    public var labels: [String]
    public var features: Int
    /// The image shape, when the objects are square pictures.
    public var side: Int?
    public var channels: Int?
    public var problems: [Problem]
    /// The file (or folder) the problems refer to, and the labels' own file when they have one.
    public var file: String
    public var labelsFile: String?
    /// SHA-256 of the files read (declared datasets record it).
    public var fingerprint: String

    public init(
        values: Values, labels: [String], features: Int, side: Int? = nil, channels: Int? = nil,
        problems: [Problem] = [], file: String, labelsFile: String? = nil, fingerprint: String = ""
    ) {
        self.labelsFile = labelsFile
        self.values = values
        self.labels = labels
        self.features = features
        self.side = side
        self.channels = channels
        self.problems = problems
        self.file = file
        self.fingerprint = fingerprint
    }

    public var count: Int { labels.count }

    /// The first fatal problem as the one-line error.
    public func checkFatal() throws {
        if let fatal = problems.first(where: \.fatal) { throw LandscapeError(file: file, fatal.description) }
    }

    /// Warnings every format shares: classes with a single object.
    static func classProblems(_ labels: [String]) -> [Problem] {
        var counts: [String: Int] = [:]
        for l in labels { counts[l, default: 0] += 1 }
        return DeclaredDataset.labelOrder(labels).filter { counts[$0] == 1 }.map {
            Problem(location: "label '\($0)'", message: "a class with one object", fatal: false)
        }
    }
}
