import Foundation
import LandscapeCore
import LandscapeData
import TestSupport
import XCTest

final class DatasetReaderTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    /// The protocol's transform, written independently: 0 → −1, 255 → 1, 51 → 0.2·2 − 1 = −0.6.
    func testPixelTransformEndpoints() {
        XCTAssertEqual(Dataset.pixelTable[0], -1)
        XCTAssertEqual(Dataset.pixelTable[255], 1)
        XCTAssertEqual(Dataset.pixelTable[51], -0.6, accuracy: 1e-6)
    }

    func testIDXPlainAndGzipLoadTheSameObjects() throws {
        let images = DatasetFixtures.pixels(count: 7, size: 784, seed: 1)
        let labels = DatasetFixtures.labels(count: 7, classes: 10, seed: 2)
        try DatasetFixtures.writeIDX(to: dir.file("gz"), images: images, labels: labels, gzip: true)
        try DatasetFixtures.writeIDX(to: dir.file("plain"), images: images, labels: labels, gzip: false)
        for folder in ["gz", "plain"] {
            let d = try Dataset(
                builtIn: IDXReader(
                    images: dir.file("\(folder)/train-images-idx3-ubyte\(folder == "gz" ? ".gz" : "")"),
                    labels: dir.file("\(folder)/train-labels-idx1-ubyte\(folder == "gz" ? ".gz" : "")")
                ).read(limit: nil), .mnist)
            XCTAssertEqual(d.count, 7)
            XCTAssertEqual(d.labels, labels.map(Int32.init))
            for i in [0, 100, 783, 7 * 784 - 1] {
                XCTAssertEqual(d.inputs[i], (Float(images[i]) / 255 - 0.5) / 0.5)
            }
        }
        let firstThree = try Dataset(
            builtIn: IDXReader(
                images: dir.file("gz/train-images-idx3-ubyte.gz"), labels: dir.file("gz/train-labels-idx1-ubyte.gz")
            ).read(limit: 3), .mnist)
        XCTAssertEqual(firstThree.count, 3)
        XCTAssertEqual(firstThree.labels, labels.prefix(3).map(Int32.init))
    }

    /// Held-out objects come from the test split beside the training files (FashionMNIST's t10k
    /// IDX pair, MNIST's mnist_test.csv, CIFAR-10's test_batch.bin), or from the end of a
    /// declared file by its heldOut fraction; never from the training objects.
    func testHeldOutObjectsComeFromTheTestSplits() throws {
        let data = dir.file("data")
        let train = DatasetFixtures.pixels(count: 9, size: 784, seed: 5),
            trainLabels = DatasetFixtures.labels(
                count: 9, classes: 10, seed: 6)
        let test = DatasetFixtures.pixels(count: 5, size: 784, seed: 7),
            testLabels = DatasetFixtures.labels(
                count: 5, classes: 10, seed: 8)
        let fashion = data.appendingPathComponent("fashion-mnist"), mnist = data.appendingPathComponent("mnist")
        try DatasetFixtures.writeIDX(to: fashion, images: train, labels: trainLabels)
        let catalog = DatasetCatalog(dataDir: data.path, environment: ["HOME": dir.url.path])
        XCTAssertNil(try catalog.loadHeldOut(.fashionMNIST, count: 3), "no t10k files: no held-out objects")
        try DatasetFixtures.writeIDX(to: fashion, images: test, labels: testLabels, split: "t10k")
        try FileManager.default.createDirectory(at: mnist, withIntermediateDirectories: true)
        try DatasetFixtures.mnistCSV(images: train, labels: trainLabels).write(
            to: mnist.appendingPathComponent("mnist_train.csv"), atomically: true, encoding: .utf8)
        try DatasetFixtures.mnistCSV(images: test, labels: testLabels).write(
            to: mnist.appendingPathComponent("mnist_test.csv"), atomically: true, encoding: .utf8)
        for descriptor in [DatasetDescriptor.fashionMNIST, .mnist] {
            let held = try XCTUnwrap(try catalog.loadHeldOut(descriptor, count: 3))
            XCTAssertTrue(held.isHeldOut)
            XCTAssertEqual(held.labels, testLabels.prefix(3).map(Int32.init), descriptor.name)
            XCTAssertEqual(held.inputs, test.prefix(3 * 784).map { Dataset.pixelTable[Int($0)] }, descriptor.name)
            let training = try catalog.load(descriptor, count: 9)
            XCTAssertFalse(training.isHeldOut)
            XCTAssertEqual(training.labels, trainLabels.map(Int32.init), descriptor.name)
        }
        // CIFAR-10: the test batch, after five training batches.
        let cifar = data.appendingPathComponent("cifar10/cifar-10-batches-bin")
        try FileManager.default.createDirectory(at: cifar, withIntermediateDirectories: true)
        let colour = DatasetFixtures.pixels(count: 2, size: 3072, seed: 9)
        for b in 1...5 {
            try DatasetFixtures.cifarRecords(images: colour, labels: [1, 2], hundred: false).write(
                to: cifar.appendingPathComponent("data_batch_\(b).bin"))
        }
        try DatasetFixtures.cifarRecords(images: colour, labels: [7, 3], hundred: false).write(
            to: cifar.appendingPathComponent("test_batch.bin"))
        XCTAssertEqual(try catalog.loadHeldOut(.cifar10, count: 5)?.labels, [7, 3])
        XCTAssertEqual(try catalog.load(.cifar10, count: 10).labels.prefix(2), [1, 2])
        // A declared file: heldOut 0.25 of 8 rows holds out the last 2 and trains on the first 6.
        let csv = dir.file("own.csv")
        try (["a,b,label"] + (0..<8).map { "\($0),\($0 * 2),\($0 % 2)" }).joined(separator: "\n").write(
            to: csv, atomically: true, encoding: .utf8)
        var declaration = DatasetDeclaration(name: "own", path: csv.path, format: CSVReader.name, normalise: .none)
        declaration.heldOut = 0.25
        let (_, descriptor) = try DeclaredDataset.load(declaration)
        let own = try catalog.load(descriptor)
        XCTAssertEqual(own.count, 6)
        XCTAssertEqual(own.inputs.last, 10)
        let ownHeld = try XCTUnwrap(try catalog.loadHeldOut(descriptor, count: 100))
        XCTAssertEqual(ownHeld.inputs, [6, 12, 7, 14])
        XCTAssertTrue(ownHeld.isHeldOut)
    }

    /// The loaders agree: MNIST from CSV equals MNIST from IDX files of the same objects.
    func testCSVEqualsIDX() throws {
        let images = DatasetFixtures.pixels(count: 12, size: 784, seed: 3)
        let labels = DatasetFixtures.labels(count: 12, classes: 10, seed: 4)
        try DatasetFixtures.writeIDX(to: dir.url, images: images, labels: labels)
        try DatasetFixtures.mnistCSV(images: images, labels: labels).write(
            to: dir.file("mnist_train.csv"), atomically: true, encoding: .utf8)
        let idx = try Dataset(
            builtIn: IDXReader(
                images: dir.file("train-images-idx3-ubyte.gz"), labels: dir.file("train-labels-idx1-ubyte.gz")
            ).read(limit: nil), .mnist)
        let csv = try Dataset(
            builtIn: CSVReader(dir.file("mnist_train.csv"), label: "first", bytes: true).read(limit: nil), .mnist)
        XCTAssertEqual(csv.inputs, idx.inputs)
        XCTAssertEqual(csv.labels, idx.labels)
        XCTAssertEqual(
            try Dataset(
                builtIn: CSVReader(dir.file("mnist_train.csv"), label: "first", bytes: true).read(limit: 5), .mnist
            ).labels, Array(idx.labels.prefix(5)))
    }

    func testCIFARFolderAndArchiveKeepChannelMajorOrderAndFineLabels() throws {
        let images = DatasetFixtures.pixels(count: 6, size: 3072, seed: 5)
        let labels = DatasetFixtures.labels(count: 6, classes: 100, seed: 6)
        let records = DatasetFixtures.cifarRecords(images: images, labels: labels, hundred: true)
        try FileManager.default.createDirectory(at: dir.file("cifar-100-binary"), withIntermediateDirectories: true)
        try records.write(to: dir.file("cifar-100-binary/train.bin"))
        let folder = try Dataset(
            builtIn: CIFARReader(.cifar100, .folder(dir.file("cifar-100-binary"))).read(limit: nil), .cifar100)
        XCTAssertEqual(folder.labels, labels.map(Int32.init))
        XCTAssertEqual(folder.features, 3072)
        // Byte 1024 of an image is the first green value: it stays at flattened index 1024.
        XCTAssertEqual(folder.inputs[3072 + 1024], Dataset.pixelTable[Int(images[3072 + 1024])])
        let archive = Gzip.compress(DatasetFixtures.tar([("cifar-100-binary/train.bin", records)]))
        try archive.write(to: dir.file("cifar-100-binary.tar.gz"))
        let packed = try Dataset(
            builtIn: CIFARReader(.cifar100, .archive(dir.file("cifar-100-binary.tar.gz"))).read(limit: 4), .cifar100)
        XCTAssertEqual(packed.inputs, Array(folder.inputs.prefix(4 * 3072)))
        XCTAssertEqual(packed.labels, Array(folder.labels.prefix(4)))
    }

    func testCIFAR10ReadsBatchesInOrder() throws {
        let images = DatasetFixtures.pixels(count: 10, size: 3072, seed: 7)
        let labels = DatasetFixtures.labels(count: 10, classes: 10, seed: 8)
        for b in 0..<5 {
            let slice = Array(images[(b * 2 * 3072)..<((b + 1) * 2 * 3072)]), l = Array(labels[(b * 2)..<((b + 1) * 2)])
            try DatasetFixtures.cifarRecords(images: slice, labels: l, hundred: false).write(
                to: dir.file("data_batch_\(b + 1).bin"))
        }
        let d = try Dataset(builtIn: CIFARReader(.cifar10, .folder(dir.url)).read(limit: 7), .cifar10)
        XCTAssertEqual(d.labels, labels.prefix(7).map(Int32.init))
        XCTAssertEqual(d.inputs.last, Dataset.pixelTable[Int(images[7 * 3072 - 1])])
    }
}
