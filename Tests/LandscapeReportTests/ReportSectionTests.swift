import Foundation
import LandscapeReport
import XCTest

/// The report's sections are one list: the template places each once and names no other.
final class ReportSectionTests: XCTestCase {
    func testTheTemplatePlacesEverySectionAndNoOther() throws {
        let template = try String(
            contentsOf: ReportTests.here.deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("templates/report.md"), encoding: .utf8)
        let placed = try NSRegularExpression(pattern: #"\{\{\{?\s*([A-Za-z]+)\s*\}?\}\}"#).matches(
            in: template, range: NSRange(template.startIndex..., in: template)
        ).map { String(template[Range($0.range(at: 1), in: template)!]) }
        let keys = ReportSection.all.map(\.key)
        XCTAssertEqual(Set(keys).count, keys.count, "section keys are unique")
        XCTAssertEqual(placed.sorted(), keys.sorted(), "each section placed once, nothing else placed")
    }
}
