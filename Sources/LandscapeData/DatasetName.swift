/// The four datasets of the paper's appendix Table 1, with what the tool needs to know about each.
public enum DatasetName: String, CaseIterable, Codable, Sendable, Comparable {
    case mnist = "mnist"
    case fashionMNIST = "fashion-mnist"
    case cifar10 = "cifar10"
    case cifar100 = "cifar100"

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The name the paper prints.
    public var displayName: String {
        switch self {
        case .mnist: "MNIST"
        case .fashionMNIST: "FashionMNIST"
        case .cifar10: "CIFAR10"
        case .cifar100: "CIFAR100"
        }
    }

    /// Table 1's description column.
    public var description: String {
        switch self {
        case .mnist: "handwritten digits"
        case .fashionMNIST: "fashion clothing items"
        case .cifar10, .cifar100: "various objects"
        }
    }

    public var isColour: Bool { self == .cifar10 || self == .cifar100 }
    public var format: String { isColour ? "RGB" : "grayscale" }
    public var side: Int { isColour ? 32 : 28 }
    public var channels: Int { isColour ? 3 : 1 }
    /// Flattened input size n (CIFAR channel-major C×H×W).
    public var features: Int { channels * side * side }
    public var classes: Int { self == .cifar100 ? 100 : 10 }
    /// Size of the training split.
    public var trainingCount: Int { 60_000 - (isColour ? 10_000 : 0) }

    /// Parses a user's spelling: `mnist`, `fashion-mnist`/`fashionmnist`, `cifar10`, `cifar100`.
    public init?(userSpelling text: String) {
        let key = text.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "mnist": self = .mnist
        case "fashion-mnist", "fashionmnist", "fmnist": self = .fashionMNIST
        case "cifar10", "cifar-10": self = .cifar10
        case "cifar100", "cifar-100": self = .cifar100
        default: return nil
        }
    }
}
