import Foundation
import LandscapeEncoders
import TestSupport
import XCTest

final class SafeTensorsTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    /// A file assembled byte by byte: header length, JSON header, data.
    func file(_ header: String, _ payload: [UInt8], headerLength: UInt64? = nil) -> Data {
        var d = Data()
        withUnsafeBytes(of: (headerLength ?? UInt64(header.utf8.count)).littleEndian) { d.append(contentsOf: $0) }
        d.append(contentsOf: header.utf8)
        d.append(contentsOf: payload)
        return d
    }

    func testRoundTripAndHalfPrecisions() throws {
        try SafeTensors.write(
            [("a", [2, 2], [1, -2, 3.5, 0]), ("b", [3], [7, 8, 9])], to: dir.file("x.safetensors"))
        let st = try SafeTensors(contentsOf: dir.file("x.safetensors"))
        XCTAssertEqual(try st.floats("a", shape: [2, 2]), [1, -2, 3.5, 0])
        XCTAssertEqual(try st.floats("b"), [7, 8, 9])
        // F16 0x3C00 = 1, 0xC000 = −2; BF16 0x3F80 = 1, 0x4049 = 3.140625.
        let half = file(
            #"{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]}}"#,
            [0x00, 0x3C, 0x00, 0xC0, 0x80, 0x3F, 0x49, 0x40])
        let hs = try SafeTensors(data: half, file: "half")
        XCTAssertEqual(try hs.floats("h"), [1, -2])
        XCTAssertEqual(try hs.floats("b"), [1, 3.140625])
    }

    func testBadFilesGiveOneLineNamingTheFileAndProblem() {
        let cases: [(String, Data, String)] = [
            ("truncated", Data([1, 2, 3]), "truncated safetensors file"),
            ("huge header", file("{}", [], headerLength: 1 << 40), "too large"),
            ("short header", file("{}", [], headerLength: 100), "truncated safetensors header"),
            (
                "offsets", file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, [0, 0, 0, 0]),
                "out of range"
            ),
            (
                "shape",
                file(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, [UInt8](repeating: 0, count: 8)),
                "does not match"
            ),
            (
                "dtype",
                file(#"{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, [UInt8](repeating: 0, count: 8)),
                "unsupported dtype I64"
            ),
            (
                "overflow",
                file(
                    #"{"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}}"#,
                    [UInt8](repeating: 0, count: 8)),
                "impossibly large"
            ),
            ("json", file("[1,2]", []), "not a JSON object"),
        ]
        for (name, data, problem) in cases {
            XCTAssertThrowsError(try SafeTensors(data: data, file: "/data/\(name).safetensors")) { error in
                XCTAssertTrue("\(error)".hasPrefix("/data/\(name).safetensors: "), "\(error)")
                XCTAssertTrue("\(error)".contains(problem), "\(name): \(error)")
            }
        }
        let ok = try! SafeTensors(
            data: file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, [0, 0, 128, 63]), file: "f")
        XCTAssertThrowsError(try ok.floats("a", shape: [2])) {
            XCTAssertTrue("\($0)".contains("has shape [1], expected [2]"))
        }
        XCTAssertThrowsError(try ok.floats("missing")) { XCTAssertTrue("\($0)".contains("no tensor named missing")) }
    }
}
