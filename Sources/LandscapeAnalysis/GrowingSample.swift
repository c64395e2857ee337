import Foundation
import LandscapeCore
import LandscapeModel

/// The growing-sample protocol (docs/growing-sample.md): θ̂ₖ trained from the same θ_init on the
/// first k objects of one fixed random order, and measured there — with a genuinely new object
/// as the (k+1)-th — next to θ̂ = θ̂_m measured on the same first k (the fixed protocol, whose
/// rates exchangeability sets). One record per network.
public struct GrowingSample: Codable, Hashable, Sendable {
    /// What one point θ of the landscape says about the first k objects of the order and about
    /// the objects that may come next (`next` of them, each equally likely to be the (k+1)-th).
    public struct View: Codable, Hashable, Sendable {
        /// ℒ_k(θ).
        public let loss: Double
        /// How many objects may come next.
        public let next: Int
        /// The paper's |ℒ_{k+1}(θ) − ℒ_k(θ)| = |ℓ_j − ℒ_k|/(k+1), averaged over the next object j,
        /// and its 5 % and 95 % quantiles over j (the band of one ordering's value).
        public let difference: Double
        public let differenceLower: Double
        public let differenceUpper: Double
        /// (mean_j ℓ_j − ℒ_k)/(k+1), the generalisation gap's part (signed), and s.d._j ℓ_j/(k+1), the
        /// new objects' spread: E_j[(ℒ_{k+1} − ℒ_k)²] = gapPart² + spreadPart², exactly.
        public let gapPart: Double
        public let spreadPart: Double
        /// ‖∇ℒ_k(θ)‖; the root mean square over j of ‖∇ℒ_{k+1}(θ)‖; and of the first k's ‖∇ℓ_i(θ)‖.
        public let gradient: Double
        public let nextGradient: Double
        public let objectGradient: Double
        /// The Gaussian criterion Δ₂(k; σ) = E_j E_w[(ℒ_{k+1}(w) − ℒ_k(w))²], w ~ 𝒩(θ, σ²I), from
        /// the moments' closed form (`GaussianMoments`): its a² part over every next object's
        /// loss, its σ² terms over the sampled next objects' gradients and Hessian traces; the
        /// nonnegative σ⁴‖B‖_F²/2 term is left out.
        public let gaussian: Double
        /// λ_max and tr of H^(k)(θ), the Hessian of ℒ_k; λ_max only where asked for (Lanczos on
        /// k objects is most of a view's cost: the first seed's networks, as the Hessian's).
        public let largestEigenvalue: Double?
        public let trace: Double

        public init(
            loss: Double, next: Int, difference: Double, differenceLower: Double, differenceUpper: Double,
            gapPart: Double, spreadPart: Double, gradient: Double, nextGradient: Double, objectGradient: Double,
            gaussian: Double, largestEigenvalue: Double?, trace: Double
        ) {
            self.loss = loss
            self.next = next
            self.difference = difference
            self.differenceLower = differenceLower
            self.differenceUpper = differenceUpper
            self.gapPart = gapPart
            self.spreadPart = spreadPart
            self.gradient = gradient
            self.nextGradient = nextGradient
            self.objectGradient = objectGradient
            self.gaussian = gaussian
            self.largestEigenvalue = largestEigenvalue
            self.trace = trace
        }
    }

    /// One size k of the grid.
    public struct Point: Codable, Hashable, Sendable {
        public let k: Int
        /// Epochs θ̂ₖ was trained for (the spec's training rule on k objects).
        public let epochs: Int
        /// At θ̂ₖ; the next object is any of the rest of the training objects and the held-out ones.
        public let growing: View
        /// At θ̂_m on the same first k; the next object is any of the rest of the training objects
        /// (the fixed protocol). nil at k = m.
        public let fixed: View?
        /// ℒ_m(θ̂ₖ), and held-out loss and accuracy at θ̂ₖ (nil without held-out objects).
        public let fullLoss: Double
        public let heldOutLoss: Double?
        public let heldOutAccuracy: Double?
        /// ‖θ̂ₖ − θ̂_m‖ ÷ ‖θ̂_m − θ_init‖.
        public let parameterDistance: Double
        /// The grid's next size k' and ℒ_{k'}(θ̂ₖ) (nil at the last).
        public let nextSize: Int?
        public let nextSizeLoss: Double?

        public init(
            k: Int, epochs: Int, growing: View, fixed: View?, fullLoss: Double, heldOutLoss: Double?,
            heldOutAccuracy: Double?, parameterDistance: Double, nextSize: Int?, nextSizeLoss: Double?
        ) {
            self.k = k
            self.epochs = epochs
            self.growing = growing
            self.fixed = fixed
            self.fullLoss = fullLoss
            self.heldOutLoss = heldOutLoss
            self.heldOutAccuracy = heldOutAccuracy
            self.parameterDistance = parameterDistance
            self.nextSize = nextSize
            self.nextSizeLoss = nextSizeLoss
        }
    }

    /// How many next objects' gradients and Hessian traces a growing view reads (drawn per size;
    /// their losses all enter): per-object gradients and traces over all m + h rows at every θ̂ₖ
    /// were most of the protocol's cost, and 1,000 draws put the sampling error of the terms they
    /// feed (‖∇ℒ_{k+1}‖, the Gaussian criterion's σ² terms) near 3 % of their spread.
    public static let nextSample = 1_000

    /// σ of the Gaussian criterion (the spec's smallest).
    public let sigma: Double
    /// Training objects m and held-out objects used.
    public let objects: Int
    public let heldOutObjects: Int
    /// Ascending in k; the last is k = m (θ̂_m = θ̂, trained on every object).
    public let points: [Point]
    /// Sizes whose training diverged (no point).
    public let diverged: [Int]

    public init(sigma: Double, objects: Int, heldOutObjects: Int, points: [Point], diverged: [Int]) {
        self.sigma = sigma
        self.objects = objects
        self.heldOutObjects = heldOutObjects
        self.points = points
        self.diverged = diverged
    }

    /// ℒ_{k'}(θ̂ₖ) − ℒ_{k'}(θ̂_{k'}) at each point with a next size: how much better the next
    /// optimum fits the larger sample (Assumption 1 says ≈ 0), and that gain ÷ ℒ_{k'}(θ̂ₖ).
    public func refitGains() -> [(k: Int, gain: Double, relative: Double)] {
        zip(points, points.dropFirst()).compactMap { p, q in
            guard let before = p.nextSizeLoss, p.nextSize == q.k else { return nil }
            let gain = before - q.growing.loss
            return (p.k, gain, before > 0 ? gain / before : 0)
        }
    }

    /// The q-quantile of ascending values (linear between order statistics).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let x = q * Double(sorted.count - 1), i = Int(x.rounded(.down)), f = x - Double(i)
        return i + 1 < sorted.count ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i]
    }
}

extension GrowingSample {
    /// Per-object quantities at one point θ over rows laid out as [the order's m training objects,
    /// then the held-out ones]: what every `View` at θ reads. Losses and predictions cover every
    /// row; gradients and Hessian traces only the `measured` rows (NaN elsewhere), the costly part.
    public struct Objects: Sendable {
        public let network: MLP<Double>
        public let inputs: [Double]
        public let labels: [Int32]
        public let losses: [Double]
        /// ‖∇ℓ_i‖², tr ∇²ℓ_i (NaN outside the measured rows).
        let gradientSquares: [Double]
        let traces: [Double]
        let predictions: [Int32]
        /// H·v over the measured rows, in their order: the first k rows of a growing view's
        /// measured set are objects 0..<k, which its λ_max reads.
        let products: HessianVectorProduct

        /// One chunked forward pass in Double over all rows (losses, predictions); the kept forward
        /// pass of H·v, per-object gradients and traces on `measured` only (ascending; every row
        /// when nil): keeping activations for all m + h rows at every θ̂ₖ was most of its cost.
        public init(network: MLP<Float>, inputs: [Double], labels: [Int32], measured: [Int]? = nil) {
            let net = network.converted(to: Double.self)
            self.network = net
            self.inputs = inputs
            self.labels = labels
            let evaluation = Evaluation.evaluate(net, inputs: inputs, labels: labels)
            losses = evaluation.losses.map { $0.isFinite ? $0 : .greatestFiniteMagnitude }
            predictions = evaluation.predictions
            let rows = measured ?? Array(labels.indices)
            let x = measured == nil ? inputs : Self.gather(inputs, rows: rows, width: net.architecture.inputs)
            let hvp = HessianVectorProduct(network: net, inputs: x, labels: rows.map { labels[$0] })
            let norms = net.perObjectGradientNorms(hvp.x, labels: hvp.labels)
            let layerTraces = GaussNewton.layerTraces(hvp)
            var squares = [Double](repeating: .nan, count: labels.count), traces = squares
            for (r, i) in rows.enumerated() {
                squares[i] = norms[r] * norms[r]
                traces[i] = layerTraces[r].reduce(0, +)
            }
            gradientSquares = squares
            self.traces = traces
            products = hvp
        }

        /// At most `size` rows of `next`, drawn without replacement by `seed` and ascending: the
        /// next objects whose gradients and traces a view reads (`next` itself when it is no larger).
        public static func sample(_ next: Range<Int>, size: Int, seed: UInt64) -> [Int] {
            guard next.count > size else { return Array(next) }
            var rng = SeededGenerator(seed: seed)
            var rows = Array(next)
            for i in 0..<size { rows.swapAt(i, i + rng.nextIndex(below: rows.count - i)) }
            return rows.prefix(size).sorted()
        }

        /// Mean loss and accuracy over `rows`.
        public func mean(_ rows: Range<Int>) -> (loss: Double, accuracy: Double) {
            let n = Double(max(1, rows.count))
            return (
                rows.reduce(0) { $0 + losses[$1] } / n, Double(rows.filter { predictions[$0] == labels[$0] }.count) / n
            )
        }

        /// The view of the first k rows, with `next` as the objects that may come next. Losses enter
        /// over every next object; the next objects' gradients (their mean too) and traces over
        /// `sample` ⊆ `next` (measured rows, an unbiased draw: `Objects.sample`), exact when it is all
        /// of `next`. The first k must be measured.
        /// `sums`, when given, are Σ∇ℓ_i over the first k and over `next` (`gradientSums`, shared by the
        /// views of one θ); `seed` nil leaves λ_max out.
        public func view(
            k: Int, next: Range<Int>, sample: [Int], sigma: Double, seed: UInt64?,
            sums: (first: [Double], next: [Double])? = nil
        ) -> View {
            precondition(k >= 1 && next.lowerBound >= k && !next.isEmpty && !sample.isEmpty)
            precondition(sample.allSatisfy { next.contains($0) && !traces[$0].isNaN })
            // Measured rows are ascending, so with 0..<k measured they are the products' first k.
            precondition((0..<k).allSatisfy { !traces[$0].isNaN }, "the first k objects are measured")
            let scale = 1 / Double(k + 1), u = Double(next.count), s = Double(sample.count)
            let lossK = (0..<k).reduce(0) { $0 + losses[$1] } / Double(k)
            let traceK = (0..<k).reduce(0) { $0 + traces[$1] } / Double(k)
            let differences = next.map { abs(losses[$0] - lossK) * scale }.sorted()
            let nextMean = next.reduce(0) { $0 + losses[$1] } / u
            let nextVariance = next.reduce(0) { $0 + (losses[$1] - nextMean) * (losses[$1] - nextMean) } / u
            let gk =
                sums.map { $0.first.map { $0 / Double(k) } }
                ?? network.meanGradient(inputs, labels: labels, objects: 0..<k)
            // ḡ over the sample, as every gradient term: the next objects' mean gradient over all of
            // them costs a pass over up to m + h rows per view.
            let gu = sums.map { $0.next.map { $0 / u } } ?? meanGradient(sample)
            let gkSquared = BLAS.dot(gk.count, gk, gk), cross = BLAS.dot(gk.count, gk, gu)
            let nextSquares = sample.reduce(0) { $0 + gradientSquares[$1] } / s
            // E_j‖k·g_k + g_j‖² = k²‖g_k‖² + 2k·g_k·ḡ + E_j‖g_j‖², over (k+1)².
            let kk = Double(k)
            let nextGradient = (kk * kk * gkSquared + 2 * kk * cross + nextSquares) * scale * scale
            // Δ₂ = E_j of the quadratic model's expectation with a = (ℓ_j − ℒ_k)/(k+1), tr B = (t_j −
            // t̄_k)/(k+1), ‖B‖_F² left out. Its a² part is exact over every next object (gap² + spread²);
            // the parts with tr B over the sample; ‖c‖² enters linearly, once, from the aggregates.
            var curvature = 0.0
            for j in sample {
                let a = (losses[j] - lossK) * scale
                curvature +=
                    GaussianMoments.quadraticModel(
                        a: a, trace: (traces[j] - traceK) * scale, gradientSquared: 0, frobenius: 0, sigma: sigma)
                    - a * a
            }
            let gapPart = (nextMean - lossK) * scale, spreadPart = nextVariance.squareRoot() * scale
            let gaussian =
                gapPart * gapPart + spreadPart * spreadPart + curvature / s
                + sigma * sigma * (nextSquares - 2 * cross + gkSquared) * scale * scale
            let n = network.architecture.parameterCount
            let top = seed.map { seed in
                Lanczos.largest(dimension: n, tolerance: 1e-4, maximumSteps: 100, seed: seed) {
                    products.apply($0, objects: 0..<k)
                }.value
            }
            return View(
                loss: lossK, next: next.count, difference: differences.reduce(0, +) / u,
                differenceLower: GrowingSample.quantile(differences, 0.05),
                differenceUpper: GrowingSample.quantile(differences, 0.95),
                gapPart: gapPart, spreadPart: spreadPart,
                gradient: gkSquared.squareRoot(), nextGradient: max(0, nextGradient).squareRoot(),
                objectGradient: ((0..<k).reduce(0) { $0 + gradientSquares[$1] } / kk).squareRoot(),
                gaussian: gaussian, largestEigenvalue: top, trace: traceK)
        }

        /// The mean gradient over `rows` (ascending).
        func meanGradient(_ rows: [Int]) -> [Double] {
            if let first = rows.first, rows.last! - first + 1 == rows.count {
                return network.meanGradient(inputs, labels: labels, objects: first..<(first + rows.count))
            }
            let x = Self.gather(inputs, rows: rows, width: network.architecture.inputs)
            return network.meanGradient(x, labels: rows.map { labels[$0] })
        }

        /// The rows' inputs, in their order (count × width, row-major).
        static func gather(_ inputs: [Double], rows: [Int], width n: Int) -> [Double] {
            var x = [Double]()
            x.reserveCapacity(rows.count * n)
            for i in rows { x.append(contentsOf: inputs[(i * n)..<((i + 1) * n)]) }
            return x
        }

        /// Σ∇ℓ_i over [0, b) for each ascending boundary b: one pass over the rows for every view of
        /// this θ, where each view's own mean gradients would re-read its first k and its next rows.
        public func gradientSums(_ boundaries: [Int]) -> [[Double]] {
            var total = [Double](repeating: 0, count: network.architecture.parameterCount), start = 0
            return boundaries.map { b in
                precondition(b >= start && b <= labels.count)
                if b > start {
                    let mean = network.meanGradient(inputs, labels: labels, objects: start..<b)
                    for i in total.indices { total[i] += mean[i] * Double(b - start) }
                }
                start = b
                return total
            }
        }
    }
}
