import ArgumentParser
import CGD
import Foundation
import LandscapeCore

@main
struct Landscape: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landscape",
        abstract:
            "Reproduces and extends “Unraveling the Hessian” (arXiv 2409.11995): loss-landscape convergence of ReLU networks.",
        subcommands: [
            ReportCommand.self, RunCommand.self, MergeCommand.self, SlurmCommand.self, RenderCommand.self,
            DiffCommand.self, PublishCommand.self, DataCommand.self, BenchCommand.self,
            SpecKeysCommand.self,
        ]
    )

    /// Every command's errors print as one line on stderr with a non-zero exit.
    static func main() async {
        BLAS.pinKernel()
        BLAS.useOneThread()
        landscape_gd_install_error_method()
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch let error as LandscapeError {
            FileHandleOutput.standardError("error: \(error)")
            Foundation.exit(1)
        } catch let error as NSError where [NSCocoaErrorDomain, NSPOSIXErrorDomain].contains(error.domain) {
            // Foundation's file errors as one line (the path and the reason), not a userInfo dump.
            let path = UntrustedFile.path(of: error).map { "\($0): " } ?? ""
            FileHandleOutput.standardError("error: \(path)\(UntrustedFile.oneLine(error))")
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

enum FileHandleOutput {
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
