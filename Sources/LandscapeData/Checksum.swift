import CCrypto
import Foundation

/// Hex digests for verifying downloads and found files, from Debian's libcrypto (OpenSSL's EVP
/// one-shot digest: MD5 for the datasets' published checksums, SHA-256 for fingerprints).
public enum Checksum {
    public static func md5(_ data: Data) -> String { hex(digest(data, EVP_md5())) }
    public static func sha256(_ data: Data) -> String { hex(digest(data, EVP_sha256())) }

    static func digest(_ data: Data, _ kind: OpaquePointer?) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { bytes in
            out.withUnsafeMutableBufferPointer {
                EVP_Digest(bytes.baseAddress, bytes.count, $0.baseAddress, &length, kind, nil)
            }
        }
        // EVP_Digest fails only when the library cannot allocate a context: not a file's fault.
        precondition(ok == 1, "libcrypto: EVP_Digest failed")
        return Array(out.prefix(Int(length)))
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
