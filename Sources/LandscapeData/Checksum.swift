import Crypto
import Foundation

/// Hex digests for verifying downloads and found files.
public enum Checksum {
    public static func md5(_ data: Data) -> String { hex(Insecure.MD5.hash(data: data)) }
    public static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }
    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
