import Foundation
import LandscapeCore
import LandscapeData

/// A run folder:
///
///     spec.json            the spec the results were made with
///     results.json         every configuration (deterministic; see `Results`)
///     provenance.json      machine, commit, timings
///     curves.csv           the sampled curves, one row per (configuration, k)
///     datasets.json        the datasets as the run found them (what `merge` needs from shards)
///     losses/<id>.npy      ℓ_i(θ̂) of every object, float64
///     networks/<id>.safetensors  θ̂ and θ_init (`NetworkWeights`)
///     .partial/<id>.json   configurations finished since results.json was last written, each with
///     .partial/<id>.spec   the SHA-256 of the spec it was made under (and <id>.seconds, its time)
///
/// Every file is written atomically, so an interrupted run leaves only whole files.
public struct RunStore: Sendable {
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    public var specURL: URL { folder.appendingPathComponent("spec.json") }
    public var resultsURL: URL { folder.appendingPathComponent("results.json") }
    public var provenanceURL: URL { folder.appendingPathComponent("provenance.json") }
    public var curvesURL: URL { folder.appendingPathComponent("curves.csv") }
    public var datasetsURL: URL { folder.appendingPathComponent("datasets.json") }
    var partialFolder: URL { folder.appendingPathComponent(".partial") }
    public func lossesURL(_ id: String) -> URL { folder.appendingPathComponent("losses/\(id).npy") }
    public func networkURL(_ id: String) -> URL { folder.appendingPathComponent("networks/\(id).safetensors") }

    public static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }()

    /// Reads what `encoder` writes (non-finite numbers of diverged networks as strings).
    public static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return d
    }

    public func readSpec() throws -> ExperimentSpec? {
        guard FileManager.default.fileExists(atPath: specURL.path) else { return nil }
        return try Self.decode(ExperimentSpec.self, from: specURL)
    }

    public func writeSpec(_ spec: ExperimentSpec) throws {
        try AtomicFile.write(Self.encoder.encode(spec), to: specURL)
    }

    /// The dataset records a run or shard found (identical for every shard of one spec and data).
    public func writeDatasets(_ records: [DatasetRecord]) throws {
        try AtomicFile.write(Self.encoder.encode(records), to: datasetsURL)
    }

    public func readDatasets() throws -> [DatasetRecord]? {
        guard FileManager.default.fileExists(atPath: datasetsURL.path) else { return nil }
        return try Self.decode([DatasetRecord].self, from: datasetsURL)
    }

    /// What identifies the spec a per-configuration file was made under: the SHA-256 of the
    /// spec as `spec.json` holds it. A file made under another spec (a shard still running after
    /// `--force`, an edited spec) is not taken by a resume or a merge.
    public static func fingerprint(_ spec: ExperimentSpec) -> String {
        Checksum.sha256((try? encoder.encode(spec)) ?? Data())
    }

    /// Saves one finished configuration (its result, its timing, its losses, the spec's fingerprint).
    public func save(
        _ result: ConfigurationResult, losses: [Double], weights: Data? = nil, seconds: Double, spec: ExperimentSpec
    ) throws {
        try Self.checkComponent(result.id)
        try AtomicFile.write(NPY.encode(losses, shape: [losses.count]), to: lossesURL(result.id))
        if let weights { try AtomicFile.write(weights, to: networkURL(result.id)) }
        try AtomicFile.write(
            String(format: "%.6f\n", seconds), to: partialFolder.appendingPathComponent("\(result.id).seconds"))
        try AtomicFile.write(
            Self.fingerprint(spec) + "\n", to: partialFolder.appendingPathComponent("\(result.id).spec"))
        try AtomicFile.write(Self.encoder.encode(result), to: partialFolder.appendingPathComponent("\(result.id).json"))
    }

    /// A name that becomes a file name in the run folder: one plain component.
    public static func checkComponent(_ name: String) throws {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.hasPrefix("."),
            name.utf8.count <= 255
        else {
            throw LandscapeError("\(String(reflecting: name)) cannot name a file inside the run folder")
        }
    }

    /// Configurations already finished under `spec`: those in results.json (when it was made
    /// under the same spec) and those saved since with the spec's fingerprint, with results.json
    /// itself (read once here).
    public func finished(
        spec: ExperimentSpec
    ) throws -> (results: [String: ConfigurationResult], seconds: [String: Double], existing: Results?) {
        var done: [String: ConfigurationResult] = [:]
        var seconds: [String: Double] = [:]
        let existing = try readResults()
        let fingerprint = Self.fingerprint(spec)
        if let existing, existing.spec == spec { for c in existing.configurations { done[c.id] = c } }
        if let provenance = try? Self.decode(Provenance.self, from: provenanceURL) {
            seconds = provenance.configurationSeconds
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: partialFolder.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".json") && !file.hasPrefix(".") {
            let stem = String(file.dropLast(".json".count))
            let made = try? String(contentsOf: partialFolder.appendingPathComponent(stem + ".spec"), encoding: .utf8)
            guard made?.trimmingCharacters(in: .whitespacesAndNewlines) == fingerprint else { continue }
            let c = try Self.decode(ConfigurationResult.self, from: partialFolder.appendingPathComponent(file))
            guard c.id == stem else { continue }
            done[c.id] = c
            let timing = partialFolder.appendingPathComponent(c.id + ".seconds")
            if let text = try? String(contentsOf: timing, encoding: .utf8),
                let s = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                seconds[c.id] = s
            }
        }
        return (done, seconds, existing)
    }

    /// Writes curves.csv from `results` when it is missing (a folder finished by an older version,
    /// whose run was killed between its files).
    public func restoreCurves(_ results: Results) throws {
        if !FileManager.default.fileExists(atPath: curvesURL.path) {
            try AtomicFile.write(Self.curvesCSV(results), to: curvesURL)
        }
    }

    /// Why results.json cannot be resumed from (another schema version, unreadable), or nil.
    /// The run folder is the tool's own output, so such results are recomputed, not an error.
    public func staleResults() -> String? {
        guard FileManager.default.fileExists(atPath: resultsURL.path) else { return nil }
        do {
            guard let results = try readResults(), results.schemaVersion == Results.currentSchema else {
                return "results of an older schema"
            }
            return nil
        } catch let error as LandscapeError { return error.problem } catch { return "\(error)" }
    }

    /// Refuses a folder whose run files this tool did not write (a results.json or spec.json of
    /// something else), so that no run, resume or `--force` replaces or deletes them.
    public func checkOwnership() throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: folder.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw LandscapeError(file: folder.path, "is a file, not a folder; choose another --out")
        }
        if fm.fileExists(atPath: resultsURL.path) {
            guard (try? UntrustedFile.read(resultsURL)).flatMap(Self.header)?.tool == "landscape" else {
                throw LandscapeError(
                    file: resultsURL.path,
                    "is not a landscape results file; this folder holds another tool's files, so nothing was changed; choose another --out"
                )
            }
        }
        if fm.fileExists(atPath: specURL.path), (try? readSpec()) == nil {
            throw LandscapeError(
                file: specURL.path, "is not a landscape run's spec; nothing was changed; choose another --out")
        }
        let ours = fm.fileExists(atPath: resultsURL.path) || fm.fileExists(atPath: specURL.path)
        for url in [
            provenanceURL, curvesURL, datasetsURL, partialFolder, folder.appendingPathComponent("losses"),
            folder.appendingPathComponent("networks"),
        ]
        where !ours && fm.fileExists(atPath: url.path) {
            throw LandscapeError(
                file: url.path,
                "exists but this folder holds no landscape run; nothing was changed; choose another --out")
        }
    }

    public func readResults() throws -> Results? {
        guard FileManager.default.fileExists(atPath: resultsURL.path) else { return nil }
        return try Self.readResults(resultsURL)
    }

    /// Reads a results file, with a one-line error for anything that is not one we can read.
    public static func readResults(_ url: URL) throws -> Results {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw LandscapeError(file: url.path, "cannot read") }
        return try decodeResults(data, file: url.path)
    }

    /// What identifies a results file before it is decoded: the tool that wrote it, its schema.
    struct Header: Decodable { let schemaVersion: Int?; let tool: String? }
    static func header(_ data: Data) -> Header? { try? JSONDecoder().decode(Header.self, from: data) }

    public static func decodeResults(_ data: Data, file: String) throws -> Results {
        guard let header = Self.header(data), header.tool == "landscape", let version = header.schemaVersion else {
            throw LandscapeError(file: file, "not a landscape results file")
        }
        guard (Results.oldestReadableSchema...Results.currentSchema).contains(version) else {
            throw LandscapeError(
                file: file,
                "results schema version \(version) is not one this version reads (\(Results.oldestReadableSchema)–\(Results.currentSchema))"
            )
        }
        do {
            var body = data
            if version < Results.currentSchema {
                guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    throw LandscapeError(file: file, "not a landscape results file")
                }
                body = try JSONSerialization.data(withJSONObject: ResultsMigration.upgrade(json, from: version))
            }
            let results = try decoder.decode(Results.self, from: body)
            try results.validate(file: file)
            return results
        } catch let error as LandscapeError { throw error } catch {
            throw LandscapeError(file: file, "corrupt results file: \(ExperimentSpec.describe(error))")
        }
    }

    /// Writes curves.csv, provenance.json and, last, results.json (the mark that the run is whole:
    /// a run killed before it leaves no results.json, so the next one finishes the folder), then
    /// drops `.partial`.
    public func finish(_ results: Results, provenance: Provenance) throws {
        try AtomicFile.write(Self.curvesCSV(results), to: curvesURL)
        try AtomicFile.write(Self.encoder.encode(provenance), to: provenanceURL)
        try AtomicFile.write(Self.encoder.encode(results), to: resultsURL)
        Self.removeOwn(in: partialFolder, Self.isPartialFile)
    }

    /// Removes the temporary files (`.name.PID.RANDOM.tmp`, see `AtomicFile`) that a killed run
    /// left in this folder, `losses/` and `.partial/`: those whose process no longer exists.
    public func removeStaleTemporaries() {
        let fm = FileManager.default
        for dir in [
            folder, folder.appendingPathComponent("losses"), folder.appendingPathComponent("networks"), partialFolder,
        ] {
            for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] where Self.isTemporary(name) {
                let parts = name.split(separator: ".")
                guard parts.count >= 4, let pid = Int32(parts[parts.count - 3]) else { continue }
                if kill(pid, 0) != 0 && errno == ESRCH { try? fm.removeItem(at: dir.appendingPathComponent(name)) }
            }
        }
    }

    /// Removes what a previous run wrote (for `--force`), and nothing else: in `losses/`,
    /// `networks/` and `.partial/` only the kinds of file a run writes there, each folder only once it is empty.
    public func clear() {
        for url in [resultsURL, curvesURL, provenanceURL, datasetsURL] { try? FileManager.default.removeItem(at: url) }
        Self.removeOwn(in: partialFolder, Self.isPartialFile)
        Self.removeOwn(in: folder.appendingPathComponent("losses")) { $0.hasSuffix(".npy") || Self.isTemporary($0) }
        Self.removeOwn(in: folder.appendingPathComponent("networks")) {
            $0.hasSuffix(".safetensors") || Self.isTemporary($0)
        }
    }

    static func isTemporary(_ name: String) -> Bool { name.hasPrefix(".") && name.hasSuffix(".tmp") }
    static func isPartialFile(_ name: String) -> Bool {
        [".json", ".seconds", ".spec"].contains { name.hasSuffix($0) } || isTemporary(name)
    }

    /// Deletes the regular files of `dir` that `mine` accepts, then `dir` if that left it empty.
    static func removeOwn(in dir: URL, _ mine: (String) -> Bool) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] where mine(name) {
            let url = dir.appendingPathComponent(name)
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                try? fm.removeItem(at: url)
            }
        }
        rmdir(dir.path)
    }

    public static func curvesCSV(_ results: Results) -> String {
        var lines = ["variant,h,N,seed,k,mean_abs_diff,spread,ema"]
        for c in results.configurations {
            for j in c.curve.k.indices {
                lines.append(
                    "\(c.variant.fileStem),\(c.width),\(c.hiddenLayers),\(c.globalSeed ?? 0),\(c.curve.k[j]),\(c.curve.mean[j]),\(c.curve.spread[j]),\(c.curve.ema[j])"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        do { return try decoder.decode(type, from: Data(contentsOf: url)) } catch {
            throw LandscapeError(file: url.path, "cannot be read: \(ExperimentSpec.describe(error))")
        }
    }
}
