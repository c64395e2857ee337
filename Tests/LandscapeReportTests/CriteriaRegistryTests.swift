import Foundation
import LandscapeAnalysis
import LandscapeExperiment
import LandscapeFindings
import LandscapeReport
import XCTest

/// The criteria registry: every registered criterion has its findings and its report section, its
/// records are stored by name, and schema-5 files (one flat record) read into the same numbers.
final class CriteriaRegistryTests: XCTestCase {
    func testEveryCriterionHasFindingsAndASection() {
        XCTAssertEqual(Set(Criteria.all.map { $0.name }).count, Criteria.all.count, "names are unique")
        for criterion in Criteria.all {
            XCTAssertNotNil(criterion as? any CriterionFindings.Type, "\(criterion.name.rawValue) has no findings")
            XCTAssertNotNil(criterion as? any CriterionSection.Type, "\(criterion.name.rawValue) has no section")
        }
        XCTAssertEqual(CriteriaSettings().kinds, Criteria.all.map { $0.name }, "the default measures every criterion")
    }

    /// The schema-5 fixture's flat criteria (read as raw JSON, not through the decoder) land in the
    /// registry's records, number for number, and the records survive an encode/decode round trip.
    func testSchemaFiveCriteriaMigrateIntoTheRecords() throws {
        let data = try Data(contentsOf: DiffRecordsTests.fixture)
        // The flat layout read as its own type (JSONDecoder reads every number exactly).
        struct File: Decodable {
            struct Configuration: Decodable { let criteria: Flat? }
            struct Flat: Decodable {
                struct Run: Decodable { let sigma: Double; let mean: [Double] }
                struct Dimension: Decodable { let dimension: Int }
                let gaussian: [Run], subspace: [Dimension], probes: Int, subspaceObjects: Int
                let topEigenvalues: [Double], largestHessian: Double
            }
            let schemaVersion: Int
            let configurations: [Configuration]
        }
        let file = try JSONDecoder().decode(File.self, from: data)
        XCTAssertEqual(file.schemaVersion, 5, "the fixture is a schema-5 file")
        let flat = try XCTUnwrap(file.configurations[0].criteria)
        let results = try RunStore.decodeResults(data, file: "records.json")
        let m = try XCTUnwrap(results.configurations[0].criteria)
        let gaussian = try XCTUnwrap(m[GaussianCriterion.self]), subspace = try XCTUnwrap(m[SubspaceCriterion.self])
        XCTAssertEqual(gaussian.runs.map(\.sigma), flat.gaussian.map(\.sigma))
        XCTAssertEqual(gaussian.runs.map(\.mean), flat.gaussian.map(\.mean))
        XCTAssertEqual(gaussian.probes, flat.probes)
        XCTAssertEqual(subspace.objects, flat.subspaceObjects)
        XCTAssertEqual(subspace.topEigenvalues, flat.topEigenvalues)
        XCTAssertEqual(subspace.dimensions.map(\.dimension), flat.subspace.map(\.dimension))
        XCTAssertEqual(m.largestHessian, flat.largestHessian)
        XCTAssertNil(results.configurations[1].criteria, "a network without criteria stays without")

        let again = try RunStore.decodeResults(RunStore.encoder.encode(results), file: "again.json")
        XCTAssertEqual(again, results, "records compare equal after a round trip")
        var other = m.records
        other[SubspaceCriterion.self] = nil
        XCTAssertNotEqual(other, m.records, "a missing record makes the records differ")
    }

    /// A record under a name no criterion has, and such a name in the spec, are refused by name.
    func testUnknownCriterionNamesAreRefused() throws {
        let results = try RunStore.decodeResults(Data(contentsOf: DiffRecordsTests.fixture), file: "records.json")
        var text = String(decoding: try RunStore.encoder.encode(results), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"subspace\" : {", with: "\"curvature\" : {")
        XCTAssertThrowsError(try RunStore.decodeResults(Data(text.utf8), file: "r.json")) { error in
            XCTAssertTrue("\(error)".contains("no criterion is called 'curvature'"), "\(error)")
            XCTAssertTrue("\(error)".contains("criteria.records"), "\(error)")
        }
        let spec = String(decoding: try RunStore.encoder.encode(results), as: UTF8.self).replacingOccurrences(
            of: "\"kinds\" : [\n        \"gaussian\"", with: "\"kinds\" : [\n        \"gauss\"")
        XCTAssertNotEqual(spec, String(decoding: try RunStore.encoder.encode(results), as: UTF8.self))
        XCTAssertThrowsError(try RunStore.decodeResults(Data(spec.utf8), file: "r.json")) { error in
            XCTAssertTrue("\(error)".contains("no criterion is called 'gauss'"), "\(error)")
        }
    }

    /// The spec file's `criteria` and the `--criteria` flag refuse a name the registry lacks, listing its names.
    func testASpecNamingAnUnknownCriterionIsRefused() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("criteria-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("criteria: [gaussian, gauss]\n".utf8).write(to: url)
        XCTAssertThrowsError(try ExperimentSpec.parse(url)) { error in
            XCTAssertTrue("\(error)".contains("unknown criterion 'gauss' (gaussian, subspace, spectrum)"), "\(error)")
        }
        var spec = ExperimentSpec.quick
        XCTAssertThrowsError(try SpecKey.set("criteria", list: "subspace,gauss", on: &spec)) { error in
            XCTAssertTrue("\(error)".contains("unknown criterion 'gauss'"), "\(error)")
        }
        try SpecKey.set("criteria", list: "subspace", on: &spec)
        XCTAssertEqual(spec.criteria.kinds, [SubspaceCriterion.name])
    }
}
