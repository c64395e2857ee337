import Foundation
import LandscapeCore

/// A minimal reader of ustar archives (what `cifar-10-binary.tar.gz` holds): regular files only.
public struct TarArchive {
    public struct Member { public let name: String; public let data: Data }
    public let members: [Member]

    /// Parses an uncompressed tar stream.
    public init(_ data: Data, file: String) throws {
        var members: [Member] = []
        let bytes = [UInt8](data)
        var offset = 0
        while offset + 512 <= bytes.count {
            let header = bytes[offset..<(offset + 512)]
            if header.allSatisfy({ $0 == 0 }) { break }
            func field(_ start: Int, _ length: Int) -> String {
                let slice = bytes[(offset + start)..<(offset + start + length)]
                return String(decoding: slice.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            let sizeText = field(124, 12).trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
            guard let size = Int(sizeText, radix: 8), size >= 0 else {
                throw LandscapeError(file: file, "corrupt tar header at byte \(offset)")
            }
            let prefix = field(345, 155)
            let name = prefix.isEmpty ? field(0, 100) : prefix + "/" + field(0, 100)
            let type = bytes[offset + 156]
            let start = offset + 512
            guard size <= bytes.count - start else { throw LandscapeError(file: file, "truncated tar member \(name)") }
            if type == UInt8(ascii: "0") || type == 0 {
                members.append(
                    Member(
                        name: name, data: data.subdata(in: (data.startIndex + start)..<(data.startIndex + start + size))
                    ))
            }
            offset = start + (size + 511) / 512 * 512
        }
        self.members = members
    }

    /// The member whose last path component is `baseName`.
    public func member(named baseName: String) -> Member? {
        members.first { ($0.name as NSString).lastPathComponent == baseName }
    }
}
