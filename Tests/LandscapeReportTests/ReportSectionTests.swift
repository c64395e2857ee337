import Foundation
import LandscapeReport
import XCTest

/// The report's sections are one list: the rendered templates (`ReportRenderer.pages`) place
/// each one, a page places it at most once, and no template names anything else.
final class ReportSectionTests: XCTestCase {
    func testTheTemplatesPlaceEverySectionAndNoOther() throws {
        let folder = ReportTests.here.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates")
        let keys = ReportSection.all.map(\.key)
        XCTAssertEqual(Set(keys).count, keys.count, "section keys are unique")
        var placedAnywhere = Set<String>()
        for (template, _) in ReportRenderer.pages {
            let text = try String(contentsOf: folder.appendingPathComponent(template), encoding: .utf8)
            let placed = try NSRegularExpression(pattern: #"\{\{\{?\s*([A-Za-z]+)\s*\}?\}\}"#).matches(
                in: text, range: NSRange(text.startIndex..., in: text)
            ).map { String(text[Range($0.range(at: 1), in: text)!]) }
            XCTAssertEqual(Set(placed).count, placed.count, "\(template) places a section twice")
            XCTAssertTrue(Set(placed).isSubset(of: keys), "\(template) places \(Set(placed).subtracting(keys))")
            placedAnywhere.formUnion(placed)
        }
        XCTAssertEqual(placedAnywhere, Set(keys), "every section is placed")
    }
}
