import Foundation
import LandscapeCore
import LandscapeEncoders
import Numerics
import TestSupport
import XCTest

/// The Swift encoder against PyTorch's own layers (Fixtures/, made by scripts/make_encoder_fixtures.py).
final class EncoderReferenceTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    struct Reference: Decodable { let size: Int; let images: [Float]; let pooled: [[Float]] }

    /// A tiny EfficientNet-Lite with random weights and batch-norm statistics: pooled features
    /// match torch to 1e-4 relative (Float32 sums in a different order differ by ~1e-6).
    func testTinyEfficientNetLiteMatchesPyTorch() throws {
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("tiny-efficientnet-lite.json")))
        let model = try EfficientNetLite0(
            weights: Self.fixtures.appendingPathComponent("tiny-efficientnet-lite.safetensors"),
            stemChannels: 8, stages: [(1, 3, 1, 1, 8), (1, 3, 2, 6, 12), (2, 5, 1, 6, 12)],
            headChannels: 16, resolution: reference.size, classes: 0)
        let plane = 3 * reference.size * reference.size
        for (i, expected) in reference.pooled.enumerated() {
            let got = model.features(Array(reference.images[(i * plane)..<((i + 1) * plane)]))
            XCTAssertEqual(got.count, expected.count)
            let scale = expected.map(abs).max()!
            for (g, e) in zip(got, expected) {
                XCTAssertEqual(g, e, accuracy: 1e-4 * scale, "image \(i)")
            }
        }
    }
}

final class ConvolutionTests: XCTestCase {
    /// 4 × 4 input 1…16, 3 × 3 ones, stride 2: SAME gives 2 × 2 outputs with one row and one
    /// column of padding after, so the sums are 54, 45 (cols 2–3), 72 (rows 2–3), 54.
    func testSamePaddingByHand() {
        let x = (1...16).map(Float.init), ones = [Float](repeating: 1, count: 9)
        XCTAssertEqual(Convolution.samePadding(input: 4, kernel: 3, stride: 2).out, 2)
        XCTAssertEqual(Convolution.samePadding(input: 4, kernel: 3, stride: 2).before, 0)
        let dense = Convolution.dense(
            x, channels: 1, height: 4, width: 4, weights: ones, bias: [0], outChannels: 1, kernel: 3, stride: 2)
        XCTAssertEqual(dense.out, [54, 45, 72, 54])
        let depthwise = Convolution.depthwise(
            x, channels: 1, height: 4, width: 4, weights: ones, bias: [0], kernel: 3, stride: 2)
        XCTAssertEqual(depthwise.out, [54, 45, 72, 54])
    }

    /// Depthwise equals the dense path with a block-diagonal weight tensor, for odd and even
    /// sizes (square and not), kernels 3 and 5, strides 1 and 2.
    func testDepthwiseAgreesWithDense() {
        var rng = SeededGenerator(seed: 7)
        func random() -> Float { Float(2 * rng.nextUnit() - 1) }
        for (c, h, w, k, s) in [
            (3, 7, 7, 3, 1), (2, 8, 6, 5, 2), (4, 9, 9, 5, 1), (3, 6, 6, 3, 2), (2, 7, 9, 5, 2), (1, 15, 15, 3, 2),
            (2, 14, 14, 3, 1),
        ] {
            let x = (0..<(c * h * w)).map { _ in random() }, filters = (0..<(c * k * k)).map { _ in random() },
                bias = (0..<c).map { _ in random() }
            var full = [Float](repeating: 0, count: c * c * k * k)
            for ch in 0..<c { for j in 0..<(k * k) { full[(ch * c + ch) * k * k + j] = filters[ch * k * k + j] } }
            let a = Convolution.depthwise(
                x, channels: c, height: h, width: w, weights: filters, bias: bias, kernel: k, stride: s)
            let b = Convolution.dense(
                x, channels: c, height: h, width: w, weights: full, bias: bias, outChannels: c, kernel: k, stride: s)
            XCTAssertEqual(a.height, b.height); XCTAssertEqual(a.width, b.width)
            for (u, v) in zip(a.out, b.out) { XCTAssertEqual(u, v, accuracy: 1e-5) }
        }
    }

    /// Depthwise equals the direct sum bit for bit: bias first, then the taps in (ky, kx) order,
    /// a padding tap adding weight·0, as EfficientNet's definition reads. Sizes whose spans are
    /// past 32 outputs take the register-blocked path and its scalar tail.
    func testDepthwiseEqualsTheDirectSumExactly() {
        var rng = SeededGenerator(seed: 11)
        func random() -> Float { Float(2 * rng.nextUnit() - 1) }
        for (c, h, w, k, s) in [(2, 40, 40, 3, 1), (3, 33, 31, 5, 2), (1, 112, 112, 3, 2), (2, 9, 9, 5, 1)] {
            let x = (0..<(c * h * w)).map { _ in random() }, filters = (0..<(c * k * k)).map { _ in random() },
                bias = (0..<c).map { _ in random() }
            let got = Convolution.depthwise(
                x, channels: c, height: h, width: w, weights: filters, bias: bias, kernel: k, stride: s)
            let (oh, top) = Convolution.samePadding(input: h, kernel: k, stride: s),
                (ow, left) = Convolution.samePadding(input: w, kernel: k, stride: s)
            var expected = [Float]()
            for ch in 0..<c {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var a = bias[ch]
                        for ky in 0..<k {
                            for kx in 0..<k {
                                let iy = oy * s + ky - top, ix = ox * s + kx - left
                                let v = iy >= 0 && iy < h && ix >= 0 && ix < w ? x[(ch * h + iy) * w + ix] : 0
                                a += filters[(ch * k + ky) * k + kx] * v
                            }
                        }
                        expected.append(a)
                    }
                }
            }
            XCTAssertEqual(got.out, expected, "c = \(c), \(h) × \(w), k = \(k), s = \(s)")
        }
    }

    /// A grey object becomes three equal planes, each the resized plane mapped through `before`
    /// and `after`; a colour object's planes are resized one by one.
    func testThreeChannelsReplicatesGreyAndKeepsColour() {
        let grey: [Float] = [0, 1, 2, 3], colour: [Float] = (0..<12).map(Float.init)
        let resized = ImagePreprocessing.resize([1, 3, 5, 7], height: 2, width: 2, toHeight: 3, width: 3)
        let out = ImagePreprocessing.threeChannels(
            grey[...], channels: 1, side: 2, size: 3, before: { 2 * $0 + 1 }, after: { $0 - 1 })
        XCTAssertEqual(out, Array(repeating: resized.map { $0 - 1 }, count: 3).flatMap { $0 })
        let three = ImagePreprocessing.threeChannels(colour[...], channels: 3, side: 2, size: 2)
        XCTAssertEqual(three, colour)
    }

    /// Half-pixel bilinear: [0, 4] to four samples is [0, 1, 3, 4] (as torch's interpolate).
    func testBilinearResizeByHand() {
        XCTAssertEqual(ImagePreprocessing.resize([0, 4], height: 1, width: 2, toHeight: 1, width: 4), [0, 1, 3, 4])
        XCTAssertEqual(
            ImagePreprocessing.resize([2, 2, 2, 2], height: 2, width: 2, toHeight: 5, width: 3),
            [Float](repeating: 2, count: 15))
    }
}

/// ViT against Hugging Face transformers' own `ViTModel` (tiny and random, see Fixtures/).
final class VisionTransformerReferenceTests: XCTestCase {
    struct Reference: Decodable { let heads: Int; let size: Int; let images: [Float]; let pooled: [[Float]] }

    func testTinyViTMatchesTransformers() throws {
        let fixtures = EncoderReferenceTests.fixtures
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: fixtures.appendingPathComponent("tiny-vit.json")))
        let vit = try VisionTransformer(
            weights: fixtures.appendingPathComponent("tiny-vit.safetensors"), heads: reference.heads)
        XCTAssertEqual(vit.imageSize, reference.size)
        XCTAssertEqual(vit.dimension, 32)
        let plane = 3 * reference.size * reference.size
        let images = (0..<reference.pooled.count).map { i in Array(reference.images[(i * plane)..<((i + 1) * plane)]) }
        // One by one, and as one batch: the batch shares sgemms across images and computes the
        // last block for [CLS] rows at strided positions, so it is checked on its own.
        let batched = vit.features(batch: images)
        XCTAssertEqual(batched.count, images.count)
        for (i, expected) in reference.pooled.enumerated() {
            for got in [vit.features(images[i]), batched[i]] {
                XCTAssertEqual(got.count, expected.count)
                for (g, e) in zip(got, expected) { XCTAssertEqual(g, e, accuracy: 1e-4 * max(1, abs(e)), "image \(i)") }
            }
        }
    }

    /// The Hub's checkpoints use the classic names with a `vit.` prefix
    /// (`vit.encoder.layer.N.attention.attention.query`, …): the same tensors under those names
    /// give the same output.
    func testClassicHubNamesLoadTheSameNetwork() throws {
        let fixtures = EncoderReferenceTests.fixtures
        let modern = try SafeTensors(contentsOf: fixtures.appendingPathComponent("tiny-vit.safetensors"))
        let renames = [
            ("attention.q_proj", "attention.attention.query"), ("attention.k_proj", "attention.attention.key"),
            ("attention.v_proj", "attention.attention.value"), ("attention.o_proj", "attention.output.dense"),
            ("mlp.fc1", "intermediate.dense"), ("mlp.fc2", "output.dense"),
        ]
        let tensors = try modern.entries.keys.sorted().map { key -> (String, [Int], [Float]) in
            var classic = key.hasPrefix("layers.") ? "encoder.layer." + key.dropFirst("layers.".count) : key
            for (a, b) in renames { classic = classic.replacingOccurrences(of: a, with: b) }
            return ("vit." + classic, modern.entries[key]!.shape, try modern.floats(key))
        }
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try SafeTensors.write(tensors, to: dir.file("classic.safetensors"))
        let a = try VisionTransformer(weights: fixtures.appendingPathComponent("tiny-vit.safetensors"), heads: 4)
        let b = try VisionTransformer(weights: dir.file("classic.safetensors"), heads: 4)
        let image: [Float] = (0..<(3 * 32 * 32)).map { (i: Int) -> Float in Float((i * 37) % 101) / 50 - 1 }
        XCTAssertEqual(a.features(image), b.features(image))
    }

    func testCheckpointWithoutPoolerIsRejected() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try SafeTensors.write([("embeddings.cls_token", [1, 1, 4], [0, 0, 0, 0])], to: dir.file("x.safetensors"))
        XCTAssertThrowsError(try VisionTransformer(weights: dir.file("x.safetensors"))) {
            XCTAssertTrue("\($0)".contains("not a ViT checkpoint"), "\($0)")
        }
    }
}

/// The Hub's `google/vit-base-patch16-224` has no pooler weights; transformers draws them.
final class DrawnPoolerTests: XCTestCase {
    /// A checkpoint without a pooler gives the features of the same checkpoint with the drawn
    /// pooler written into it explicitly: the draw is what stands in, and nothing else changes.
    func testCheckpointWithoutPoolerUsesTheDrawnOne() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let shape = VisionTransformer.Shape(
            dimension: 64, layers: 2, inner: 32, imageSize: 32, patch: 16, pooler: false)
        try VisionTransformer.writeRandom(shape, to: dir.file("bare.safetensors"))
        let bare = try SafeTensors(contentsOf: dir.file("bare.safetensors"))
        let drawn = VisionTransformer.drawnPooler(dimension: 64)
        let tensors = try bare.entries.keys.sorted().map { ($0, bare.entries[$0]!.shape, try bare.floats($0)) }
        try SafeTensors.write(
            tensors + [("pooler.dense.weight", [64, 64], drawn.weights), ("pooler.dense.bias", [64], drawn.bias)],
            to: dir.file("explicit.safetensors"))
        let a = try VisionTransformer(weights: dir.file("bare.safetensors"))
        let b = try VisionTransformer(weights: dir.file("explicit.safetensors"))
        XCTAssertTrue(a.poolerDrawn)
        XCTAssertFalse(b.poolerDrawn)
        XCTAssertTrue(a.loadNote?.contains("no pooler weights") ?? false, "\(a.loadNote ?? "")")
        XCTAssertFalse(b.loadNote?.contains("no pooler weights") ?? true, "\(b.loadNote ?? "")")
        let image: [Float] = (0..<(3 * 32 * 32)).map { (i: Int) -> Float in Float((i * 53) % 97) / 48 - 1 }
        XCTAssertEqual(a.features(image), b.features(image))
    }

    /// transformers' draw: N(0, 0.02²) weights, zero bias. Over 768² = 589,824 values the sample
    /// mean's standard error is 2.6e-5 and the sample std's is 0.09% of 0.02; bounds at ~6 of each.
    func testDrawnPoolerHasTransformersDistribution() {
        let (w, b) = VisionTransformer.drawnPooler(dimension: 768)
        XCTAssertEqual(w.count, 768 * 768)
        XCTAssertEqual(b, [Float](repeating: 0, count: 768))
        let mean = w.reduce(0.0) { $0 + Double($1) } / Double(w.count)
        let std = (w.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(w.count)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 1.5e-4)
        XCTAssertEqual(std, 0.02, accuracy: 0.02 * 0.006)
        XCTAssertEqual(VisionTransformer.drawnPooler(dimension: 768).weights, w) // seeded: the same every time
    }
}
