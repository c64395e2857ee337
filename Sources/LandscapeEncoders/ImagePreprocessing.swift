import CGD
import Foundation
import LandscapeCore
import LandscapeData

/// Turning dataset images and picture files into encoder inputs.
public enum ImagePreprocessing {
    /// Bilinear resize of one channel (half-pixel centres, as torch's `interpolate(align_corners=False)`).
    public static func resize(_ x: [Float], height h: Int, width w: Int, toHeight oh: Int, width ow: Int) -> [Float] {
        var out = [Float](repeating: 0, count: oh * ow)
        let sy = Float(h) / Float(oh), sx = Float(w) / Float(ow)
        for oy in 0..<oh {
            let fy = max(0, (Float(oy) + 0.5) * sy - 0.5)
            let y0 = min(Int(fy), h - 1), y1 = min(y0 + 1, h - 1), ty = fy - Float(y0)
            for ox in 0..<ow {
                let fx = max(0, (Float(ox) + 0.5) * sx - 0.5)
                let x0 = min(Int(fx), w - 1), x1 = min(x0 + 1, w - 1), tx = fx - Float(x0)
                let top = x[y0 * w + x0] * (1 - tx) + x[y0 * w + x1] * tx
                let bottom = x[y1 * w + x0] * (1 - tx) + x[y1 * w + x1] * tx
                out[oy * ow + ox] = top * (1 - ty) + bottom * ty
            }
        }
        return out
    }

    /// A dataset object (values in [−1, 1], 1 or 3 channels of side × side, channel-major) as a
    /// 3 × size × size EfficientNet-Lite input: back to [0, 1], resized, grey replicated to
    /// three channels, then (255·x − 127)/128.
    public static func liteInput(_ object: ArraySlice<Float>, channels: Int, side: Int, size: Int = 224) -> [Float] {
        threeChannels(
            object, channels: channels, side: side, size: size, before: { ($0 + 1) / 2 },
            after: { (255 * $0 - 127) / 128 })
    }

    /// A dataset object resized to 3 × size × size (grey replicated), with `before` applied to
    /// each value before resizing and `after` to each value after.
    public static func threeChannels(
        _ object: ArraySlice<Float>, channels: Int, side: Int, size: Int,
        before: (Float) -> Float = { $0 }, after: (Float) -> Float = { $0 }
    ) -> [Float] {
        let plane = side * side
        var out: [Float] = []
        out.reserveCapacity(3 * size * size)
        for c in 0..<(channels == 1 ? 1 : 3) {
            let values = object[(object.startIndex + c * plane)..<(object.startIndex + (c + 1) * plane)].map(before)
            out += resize(values, height: side, width: side, toHeight: size, width: size).map(after)
        }
        while out.count < 3 * size * size { out += out.prefix(size * size) } // grey: resized once, replicated
        return out
    }

    /// A PNG or JPEG file as 3 × size × size in [0, 1]: shorter side resized to `size`, centre crop.
    public static func picture(_ url: URL, size: Int = 224) throws -> [Float] {
        let data = try UntrustedFile.read(url, limit: Int(Int32.max) - 1)
        guard let header = Picture.dimensions(data),
            header.width * header.height <= ImageFolderReader.defaultPixelLimit
        else {
            throw LandscapeError(
                file: url.path, "not a PNG or JPEG picture of at most \(ImageFolderReader.defaultPixelLimit) pixels")
        }
        guard let out = Picture.withDecoded(data, { pixels($0, size: size) }) else {
            throw LandscapeError(file: url.path, "not a PNG or JPEG picture libgd can read")
        }
        return out
    }

    /// A decoded picture as 3 × size × size in [0, 1].
    static func pixels(_ image: gdImagePtr, size: Int) -> [Float] {
        if image.pointee.trueColor == 0 { gdImagePaletteToTrueColor(image) }
        let w = Int(image.pointee.sx), h = Int(image.pointee.sy)
        let scale = Float(size) / Float(min(w, h))
        let rw = max(size, Int((Float(w) * scale).rounded())), rh = max(size, Int((Float(h) * scale).rounded()))
        var out: [Float] = []
        for shift in [16, 8, 0] {
            var channel = [Float](repeating: 0, count: w * h)
            for y in 0..<h {
                for x in 0..<w {
                    let pixel = gdImageGetTrueColorPixel(image, Int32(x), Int32(y))
                    channel[y * w + x] = Float((pixel >> Int32(shift)) & 0xFF) / 255
                }
            }
            let resized = resize(channel, height: h, width: w, toHeight: rh, width: rw)
            let top = (rh - size) / 2, left = (rw - size) / 2
            for y in 0..<size { out += resized[((y + top) * rw + left)..<((y + top) * rw + left + size)] }
        }
        return out
    }
}
