import Foundation
import LandscapeCore
import LandscapeData
import Yams

/// One-line messages for a spec a person wrote: the key, its line in the file, and what was
/// expected; unknown keys refused with the nearest known one. Works on Yams's node tree, which
/// keeps every node's line, so decoding errors (which know only the key path) get their line.
enum SpecDiagnostics {
    /// The document as nodes, or a one-line YAML error (tabs, bad indentation, duplicate keys).
    static func compose(_ text: String) throws -> Node? {
        do { return try Yams.compose(yaml: text) } catch { throw LandscapeError(yamlProblem(error)) }
    }

    static func yamlProblem(_ error: Error) -> String {
        guard let e = error as? YamlError else { return "not valid YAML: \(error)" }
        switch e {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let hint = problem.contains("tab") ? " (indent with spaces, not tabs)" : ""
            return
                "line \(mark.line), column \(mark.column): not valid YAML: \(context.map { "\($0.text) " } ?? "")\(problem)\(hint)"
        case let .duplicatedKeysInMapping(duplicates, context):
            return "line \(context.mark.line): key '\(duplicates.joined(separator: "', '"))' is given twice"
        default:
            return "not valid YAML: " + (e.description.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
        }
    }

    /// The node at a decoding error's key path.
    static func node(at path: [CodingKey], in root: Node?) -> Node? {
        var node = root
        for key in path {
            if let i = key.intValue, let seq = node?.sequence, i < seq.count {
                node = seq[i]
            } else {
                node = node?.mapping?[key.stringValue]
            }
        }
        return node
    }

    static func keyPath(_ path: [CodingKey]) -> String {
        path.reduce("") { text, key in
            key.intValue.map { "\(text)[\($0)]" } ?? (text.isEmpty ? key.stringValue : "\(text).\(key.stringValue)")
        }
    }

    /// "key widths[1] (line 3): expected an integer, found 'abc'".
    static func describe(_ error: Error, root: Node?) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func located(_ c: DecodingError.Context, _ message: String) -> String {
            let n = node(at: c.codingPath, in: root)
            let line = n?.mark.map { " (line \($0.line))" } ?? ""
            let key = c.codingPath.isEmpty ? "the spec" : "key \(keyPath(c.codingPath))"
            return "\(key)\(line): \(message)"
        }
        switch e {
        case let .typeMismatch(type, c):
            let found = node(at: c.codingPath, in: root)
            let shown =
                found?.scalar.map { "'\($0.string.prefix(40))'" }
                ?? (found?.sequence != nil ? "a list" : found?.mapping != nil ? "a mapping" : "nothing")
            return located(c, "expected \(expectation(type)), found \(shown)")
        case let .valueNotFound(type, c): return located(c, "expected \(expectation(type)), found nothing")
        case let .keyNotFound(key, c): return located(c, "missing key '\(key.stringValue)'")
        case let .dataCorrupted(c):
            if let underlying = c.underlyingError as? YamlError { return yamlProblem(underlying) }
            if let underlying = c.underlyingError as? LandscapeError { return located(c, underlying.problem) }
            if let n = node(at: c.codingPath, in: root), let scalar = n.scalar,
                c.debugDescription.hasPrefix("Cannot initialize")
            {
                let allowed =
                    allowedValues[c.codingPath.last?.stringValue ?? ""].map { " (\($0.joined(separator: ", ")))" } ?? ""
                return located(c, "'\(scalar.string.prefix(40))' is not one of the allowed values\(allowed)")
            }
            return located(c, c.debugDescription)
        @unknown default: return "\(error)"
        }
    }

    /// Enumerated values by key, for the message.
    static let allowedValues: [String: [String]] = [
        "format": DatasetFormatName.allCases.map(\.rawValue),
        "normalise": DatasetDeclaration.Normalisation.allCases.map(\.rawValue),
    ]

    static func expectation(_ type: Any.Type) -> String {
        let name = "\(type)"
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "a mapping" }
        if ["Int", "UInt64", "Int32", "Int64", "UInt"].contains(name) { return "an integer" }
        if ["Double", "Float"].contains(name) { return "a number" }
        if name == "Bool" { return "true or false" }
        if name == "String" { return "a text" }
        return "a value of type \(name)"
    }

    /// Refuses keys a mapping does not know, suggesting the nearest known one. `nested` gives the
    /// known keys of mappings inside a list under a key (the `datasets` declarations).
    static func checkKeys(_ root: Node, allowed: [String], nested: [String: [String]] = [:]) throws {
        try checkMapping(root, allowed: allowed, path: "")
        for (key, inner) in nested {
            for (i, entry) in (root.mapping?[key]?.sequence ?? []).enumerated() where entry.mapping != nil {
                try checkMapping(entry, allowed: inner, path: "\(key)[\(i)].")
            }
        }
    }

    static func checkMapping(_ node: Node, allowed: [String], path: String) throws {
        guard let mapping = node.mapping else { return }
        for (key, _) in mapping {
            guard let name = key.scalar?.string, !allowed.contains(name) else { continue }
            let nearest = allowed.min {
                distance($0.lowercased(), name.lowercased()) < distance($1.lowercased(), name.lowercased())
            }
            let suggestion =
                nearest.map {
                    distance($0.lowercased(), name.lowercased()) <= max(2, name.count / 3)
                        ? "; did you mean '\($0)'?" : ""
                } ?? ""
            throw LandscapeError("line \(key.mark?.line ?? 0): unknown key '\(path)\(name.prefix(60))'\(suggestion)")
        }
    }

    /// Keys of `input` (nodes) that decoding ignored: absent from the re-encoded value `known`.
    static func ignoredKeys(
        _ input: Node, known: Any, path: String = "", allowed extra: Set<String> = []
    ) -> [(String, Int)] {
        if let mapping = input.mapping, let object = known as? [String: Any] {
            return mapping.flatMap { key, value -> [(String, Int)] in
                let name = key.scalar?.string ?? "?"
                guard let inner = object[name] else {
                    return extra.contains(name) || value.null != nil ? [] : [(path + name, key.mark?.line ?? 0)]
                }
                return ignoredKeys(value, known: inner, path: "\(path)\(name).")
            }
        }
        if let sequence = input.sequence, let array = known as? [Any] {
            return zip(sequence, array).enumerated().flatMap { i, pair in
                ignoredKeys(pair.0, known: pair.1, path: "\(path.dropLast())[\(i)].")
            }
        }
        return []
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
