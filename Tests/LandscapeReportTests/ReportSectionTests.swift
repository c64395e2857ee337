import Foundation
import LandscapeReport
import XCTest

/// The report's sections are two lists: the run's templates (`ReportRenderer.pages`) place each
/// `ReportSection`, the variant template each `VariantSection`; a page places a section at most
/// once, and no template names anything else.
final class ReportSectionTests: XCTestCase {
    func testTheTemplatesPlaceEverySectionAndNoOther() throws {
        try check(ReportRenderer.pages.map(\.0), keys: ReportSection.all.map(\.key))
        try check([ReportRenderer.variantTemplate], keys: VariantSection.all.map(\.key))
    }

    func check(_ templates: [String], keys: [String]) throws {
        let folder = ReportTests.here.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates")
        XCTAssertEqual(Set(keys).count, keys.count, "section keys are unique")
        var placedAnywhere = Set<String>()
        for template in templates {
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
