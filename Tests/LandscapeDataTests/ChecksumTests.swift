import Foundation
import LandscapeData
import XCTest

/// The digests against the published test vectors (FIPS 180-2 appendix B for SHA-256, RFC 1321
/// appendix A.5 for MD5): an answer independent of the library that computes them.
final class ChecksumTests: XCTestCase {
    func testSHA256MatchesFIPSVectors() {
        XCTAssertEqual(
            Checksum.sha256(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            Checksum.sha256(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            Checksum.sha256(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(
            Checksum.sha256(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testMD5MatchesRFC1321Vectors() {
        XCTAssertEqual(Checksum.md5(Data()), "d41d8cd98f00b204e9800998ecf8427e")
        XCTAssertEqual(Checksum.md5(Data("abc".utf8)), "900150983cd24fb0d6963f7d28e17f72")
        XCTAssertEqual(Checksum.md5(Data("message digest".utf8)), "f96b697d7cb7938d525a2f31aaf161d0")
        XCTAssertEqual(
            Checksum.md5(Data("12345678901234567890123456789012345678901234567890123456789012345678901234567890".utf8)),
            "57edf4a22be3c955ac49da2e2107b67a")
    }

    func testADataSliceDigestsItsOwnBytes() {
        // A slice's indices do not start at 0; the digest must read the slice, not its parent.
        let parent = Data("xxabcxx".utf8)
        XCTAssertEqual(Checksum.md5(parent.dropFirst(2).prefix(3)), "900150983cd24fb0d6963f7d28e17f72")
    }
}
